using System.Buffers;

namespace Telemetry.Protocols.Nmea;

/// <summary>
/// Composes one sentence in a caller's <see cref="IBufferWriter{T}"/>: start marker, address, fields, then
/// <c>*hh</c> CR LF on <see cref="Commit"/>. Culture-free fixed-point formatting. Used by every writer of this
/// library (NMEA and detector sentences) and usable for any other sentence.
/// </summary>
public ref struct NmeaSentenceBuilder
{
    private static readonly double[] Scales = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
    private readonly IBufferWriter<byte> _output;
    private readonly Span<byte> _span;
    private int _length;
    private bool _overflow;

    /// <summary>Starts a sentence with <c>$</c> and the address (e.g. <c>"GPGGA"u8</c>, <c>"PXDMD"u8</c>).</summary>
    public NmeaSentenceBuilder(IBufferWriter<byte> output, scoped ReadOnlySpan<byte> address)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _span = output.GetSpan(NmeaFramer.MaxLength);
        _length = 0;
        _overflow = false;
        AppendByte((byte)'$');
        AppendRaw(address);
    }

    /// <summary>Starts a standard sentence from talker and formatter.</summary>
    public NmeaSentenceBuilder(IBufferWriter<byte> output, NmeaTalker talker, scoped ReadOnlySpan<byte> formatter)
        : this(output, default)
    {
        Span<byte> chars = stackalloc byte[2];
        AppendRaw(chars[..talker.CopyTo(chars)]);
        AppendRaw(formatter);
    }

    /// <summary>Appends a field separator and the field's text as given.</summary>
    public void Field(scoped ReadOnlySpan<byte> text)
    {
        AppendByte((byte)',');
        AppendRaw(text);
    }

    /// <summary>Appends an empty field.</summary>
    public void Empty() => AppendByte((byte)',');

    /// <summary>Appends a one-character field (empty when null).</summary>
    public void Char(byte? value)
    {
        AppendByte((byte)',');
        if (value is { } c)
        {
            AppendByte(c);
        }
    }

    /// <summary>Appends an integer field, zero-padded to <paramref name="minDigits"/> (empty when null).</summary>
    public void Int(long? value, int minDigits = 1)
    {
        AppendByte((byte)',');
        if (value is { } v)
        {
            AppendInteger(v, minDigits);
        }
    }

    /// <summary>Appends a fixed-point field with <paramref name="decimals"/> fraction digits (empty when null).</summary>
    public void Fixed(double? value, int decimals)
    {
        AppendByte((byte)',');
        if (value is { } v)
        {
            AppendFixed(v, decimals, 1);
        }
    }

    /// <summary>Appends a value and its unit letter (<c>545.4,M</c>), both empty when null.</summary>
    public void FixedWithUnit(double? value, int decimals, byte unit)
    {
        Fixed(value, decimals);
        Char(value is null ? null : unit);
    }

    /// <summary>Appends <c>hhmmss.ss</c>: two fraction digits, more when the time has finer precision (up to 7).</summary>
    public void Time(TimeOnly? value)
    {
        AppendByte((byte)',');
        if (value is not { } t)
        {
            return;
        }

        AppendInteger(t.Hour, 2);
        AppendInteger(t.Minute, 2);
        AppendInteger(t.Second, 2);
        var fraction = t.Ticks % TimeSpan.TicksPerSecond;
        var digits = 7;
        while (digits > 2 && fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        AppendByte((byte)'.');
        AppendInteger(fraction, digits);
    }

    /// <summary>Appends <c>ddmmyy</c> (years 1980–2079 only; see <see cref="NmeaDates.ExpandTwoDigitYear"/>).</summary>
    public void Date(DateOnly? value)
    {
        AppendByte((byte)',');
        if (value is not { } d)
        {
            return;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(d.Year, 1980, nameof(value));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(d.Year, 2079, nameof(value));
        AppendInteger(d.Day, 2);
        AppendInteger(d.Month, 2);
        AppendInteger(d.Year % 100, 2);
    }

    /// <summary>Appends latitude as <c>ddmm.mmmm…,N|S</c> (two fields) with <paramref name="minuteDecimals"/> minute decimals.</summary>
    public void Latitude(double? degrees, int minuteDecimals) => Coordinate(degrees, minuteDecimals, 2, 90, (byte)'N', (byte)'S');

    /// <summary>Appends longitude as <c>dddmm.mmmm…,E|W</c> (two fields).</summary>
    public void Longitude(double? degrees, int minuteDecimals) => Coordinate(degrees, minuteDecimals, 3, 180, (byte)'E', (byte)'W');

    /// <summary>Appends <c>*hh</c> CR LF and advances the writer. Throws when the sentence passed the 128-byte cap.</summary>
    public void Commit()
    {
        var star = _length;
        AppendByte((byte)'*');
        var checksum = NmeaChecksum.Compute(_span[1..star]);
        AppendByte(NmeaChecksum.HexDigit(checksum >> 4));
        AppendByte(NmeaChecksum.HexDigit(checksum));
        AppendByte((byte)'\r');
        AppendByte((byte)'\n');
        if (_overflow)
        {
            throw new InvalidOperationException($"The sentence is longer than the {NmeaFramer.MaxLength}-byte cap; shorten its fields.");
        }

        _output.Advance(_length);
    }

    private void Coordinate(double? degrees, int minuteDecimals, int degreeDigits, int limit, byte positive, byte negative)
    {
        AppendByte((byte)',');
        if (degrees is not { } value)
        {
            AppendByte((byte)',');
            return;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(value), limit, nameof(degrees));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minuteDecimals, Scales.Length - 1, nameof(minuteDecimals));

        // Round once, in units of the last minute digit, so 59.99999 minutes carries into the degrees.
        var unitsPerMinute = (long)Scales[minuteDecimals];
        var units = (long)Math.Round(Math.Abs(value) * 60 * unitsPerMinute, MidpointRounding.AwayFromZero);
        var wholeDegrees = units / (60 * unitsPerMinute);
        var minuteUnits = units - (wholeDegrees * 60 * unitsPerMinute);
        AppendInteger(wholeDegrees, degreeDigits);
        AppendInteger(minuteUnits / unitsPerMinute, 2);
        if (minuteDecimals > 0)
        {
            AppendByte((byte)'.');
            AppendInteger(minuteUnits % unitsPerMinute, minuteDecimals);
        }

        AppendByte((byte)',');
        AppendByte(value < 0 && units != 0 ? negative : positive);
    }

    private void AppendFixed(double value, int decimals, int minIntegerDigits)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decimals, Scales.Length - 1, nameof(decimals));
        if (!double.IsFinite(value) || Math.Abs(value) >= 1e12)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "NMEA fields hold finite values below 10^12.");
        }

        var unit = (long)Scales[decimals];
        var scaled = (long)Math.Round(value * unit, MidpointRounding.AwayFromZero);
        if (scaled < 0)
        {
            AppendByte((byte)'-');
            scaled = -scaled;
        }

        AppendInteger(scaled / unit, minIntegerDigits);
        if (decimals > 0)
        {
            AppendByte((byte)'.');
            AppendInteger(scaled % unit, decimals);
        }
    }

    private void AppendInteger(long value, int minDigits)
    {
        if (value < 0)
        {
            AppendByte((byte)'-');
            value = -value;
        }

        Span<byte> digits = stackalloc byte[20];
        var count = 0;
        do
        {
            digits[count++] = (byte)('0' + (value % 10));
            value /= 10;
        }
        while (value != 0 || count < minDigits);

        for (var i = count - 1; i >= 0; i--)
        {
            AppendByte(digits[i]);
        }
    }

    private void AppendRaw(scoped ReadOnlySpan<byte> text)
    {
        if (_length + text.Length > _span.Length || _length + text.Length > NmeaFramer.MaxLength)
        {
            _overflow = true;
            return;
        }

        text.CopyTo(_span[_length..]);
        _length += text.Length;
    }

    private void AppendByte(byte value)
    {
        if (_length >= _span.Length || _length >= NmeaFramer.MaxLength)
        {
            _overflow = true;
            return;
        }

        _span[_length++] = value;
    }
}
