using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Telemetry.Protocols.Nmea;

/// <summary>
/// Decodes one framed, checksum-verified sentence (as cut by <see cref="NmeaFramer"/>) without allocating:
/// the address is split into talker and formatter, then fields are read left to right.
/// </summary>
/// <remarks>
/// Grammar (NMEA 0183 §5.3): <c>address = talker(2) formatter(3) / "P" manufacturer(3) *alnum</c>;
/// <c>fields = *("," field)</c>. Fields past the end of the sentence read as empty, so older sentence versions
/// with fewer fields decode with the newer fields absent.
/// </remarks>
public ref partial struct NmeaReader
{
    private ReadOnlySpan<byte> _fields;

    private NmeaReader(ReadOnlySpan<byte> address, ReadOnlySpan<byte> fields, NmeaTalker talker, NmeaSentenceType type)
    {
        Address = address;
        _fields = fields;
        Talker = talker;
        Type = type;
    }

    /// <summary>The address field without the start marker, e.g. <c>GPGGA</c> or <c>PXDMD</c>.</summary>
    public ReadOnlySpan<byte> Address { get; }

    /// <summary>The talker; <see cref="NmeaTalker.Proprietary"/> for <c>$P…</c> sentences.</summary>
    public NmeaTalker Talker { get; }

    /// <summary>The decoded type, <see cref="NmeaSentenceType.Unknown"/> for valid sentences this library does not decode.</summary>
    public NmeaSentenceType Type { get; }

    /// <summary>For a standard sentence the three formatter characters (e.g. <c>GGA</c>); for a proprietary one what follows the manufacturer.</summary>
    public readonly ReadOnlySpan<byte> Formatter => Type == NmeaSentenceType.Proprietary ? Address[4..] : Address[2..];

    /// <summary>The three-character manufacturer code of a proprietary sentence (e.g. <c>XDM</c>); empty otherwise.</summary>
    public readonly ReadOnlySpan<byte> Manufacturer => Type == NmeaSentenceType.Proprietary ? Address[1..4] : default;

    /// <summary>The fields not read yet, starting with a comma (empty once all are read).</summary>
    public readonly ReadOnlySpan<byte> RemainingFields => _fields;

    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    /// <summary>
    /// Splits a frame (start marker through line ending) into address and fields. False when the address is not
    /// a talker + formatter or a proprietary code; the checksum is the framer's job and is not checked again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryCreate(ReadOnlySpan<byte> frame, out NmeaReader reader)
    {
        reader = default;
        var star = IndexOfChecksum(frame);
        if (star < 1 || (frame[0] != '$' && frame[0] != '!'))
        {
            return false;
        }

        var body = frame[1..star];
        var comma = IndexOfComma(body);
        var address = comma < 0 ? body : body[..comma];
        var fields = comma < 0 ? default : body[comma..];
        if (!IsAlphanumeric(address))
        {
            return false;
        }

        // NMEA 0183 §5.3.3: "P" + a three-character manufacturer mnemonic marks a proprietary sentence.
        if (address.Length >= 4 && address[0] == 'P')
        {
            reader = new NmeaReader(address, fields, NmeaTalker.Proprietary, NmeaSentenceType.Proprietary);
            return true;
        }

        if (address.Length != 5)
        {
            return false;
        }

        var talker = new NmeaTalker((ushort)((address[0] << 8) | address[1]));
        reader = new NmeaReader(address, fields, talker, NmeaSentenceTypes.FromFormatter(address[2..]));
        return true;
    }

    /// <summary>The next field's text; empty when the field is empty or the sentence has no more fields.</summary>
    // Inlined: a sentence reads 10-30 fields, and a call per field (the span in and out through memory) cost 11 % of
    // a batch decode; inlined into the per-sentence readers, which are AggressiveOptimization themselves.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> ReadField()
    {
        if (_fields.IsEmpty)
        {
            return default;
        }

        var rest = _fields[1..];
        var comma = IndexOfComma(rest);
        if (comma < 0)
        {
            _fields = default;
            return rest;
        }

        _fields = rest[comma..];
        return rest[..comma];
    }

    /// <summary>Skips <paramref name="count"/> fields.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SkipFields(int count)
    {
        if (count > 1 && Vector128.IsHardwareAccelerated && TrySkipWithinVectors(count))
        {
            return;
        }

        for (var i = 0; i < count; i++)
        {
            ReadField();
        }
    }

    // Fields are a few bytes long, so the comma after the skipped ones is usually within the next 64 bytes: one
    // compare per 16 bytes and a bit scan instead of a byte loop per field. False (nothing moved) when it is not.
    private bool TrySkipWithinVectors(int count)
    {
        var length = Math.Min(_fields.Length, 64) & ~(Vector128<byte>.Count - 1);
        ref var start = ref MemoryMarshal.GetReference(_fields);
        var comma = Vector128.Create((byte)',');
        ulong commas = 0;
        for (var i = 0; i < length; i += Vector128<byte>.Count)
        {
            commas |= (ulong)Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)i), comma).ExtractMostSignificantBits() << i;
        }

        // Bit 0 is the comma before the next field: dropping `count` commas leaves the one before the field wanted.
        for (var i = 0; i < count; i++)
        {
            commas &= commas - 1;
        }

        if (commas == 0)
        {
            return false;
        }

        _fields = _fields[BitOperations.TrailingZeroCount(commas)..];
        return true;
    }

    /// <summary>Reads a decimal field.</summary>
    public bool TryReadDecimal(out double? value) => NmeaField.TryParseDecimal(ReadField(), out value);

    /// <summary>Reads an integer field.</summary>
    public bool TryReadInt(out int? value) => NmeaField.TryParseInt(ReadField(), out value);

    /// <summary>Reads a one-character field.</summary>
    public bool TryReadChar(out byte? value) => NmeaField.TryParseChar(ReadField(), out value);

    /// <summary>Reads a UTC time-of-day field.</summary>
    public bool TryReadTime(out TimeOnly? value) => NmeaField.TryParseTime(ReadField(), out value);

    /// <summary>Reads a <c>ddmmyy</c> date field.</summary>
    public bool TryReadDate(out DateOnly? value) => NmeaField.TryParseDate(ReadField(), out value);

    /// <summary>Reads a latitude (value and hemisphere: two fields).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLatitude(out double? degrees)
    {
        var value = ReadField();
        return NmeaField.TryParseCoordinate(value, ReadField(), isLatitude: true, out degrees);
    }

    /// <summary>Reads a longitude (value and hemisphere: two fields).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLongitude(out double? degrees)
    {
        var value = ReadField();
        return NmeaField.TryParseCoordinate(value, ReadField(), isLatitude: false, out degrees);
    }

    /// <summary>Reads a value followed by a unit field that must be <paramref name="unit"/> or empty (e.g. <c>545.4,M</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadWithUnit(byte unit, out double? value)
    {
        var ok = TryReadDecimal(out value);
        var unitField = ReadField();
        return ok && (unitField.IsEmpty || (unitField.Length == 1 && unitField[0] == unit));
    }

    // A framed sentence ends "*hh" + line ending, so its last '*' is three bytes before the line ending; anything
    // else (a frame handed in by another caller) takes the general search.
    private static int IndexOfChecksum(ReadOnlySpan<byte> frame)
    {
        var end = frame.Length;
        while (end > 0 && frame[end - 1] is (byte)'\r' or (byte)'\n')
        {
            end--;
        }

        return end >= 3 && frame[end - 3] == '*' ? end - 3 : frame.LastIndexOf((byte)'*');
    }

    // Addresses and fields are a few bytes long: a plain loop beats the vectorised IndexOf and its set-up.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfComma(ReadOnlySpan<byte> body)
    {
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == ',')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsAlphanumeric(ReadOnlySpan<byte> address)
    {
        if (address.IsEmpty)
        {
            return false;
        }

        foreach (var c in address)
        {
            if (!char.IsAsciiLetterUpper((char)c) && !char.IsAsciiDigit((char)c))
            {
                return false;
            }
        }

        return true;
    }
}
