using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Telemetry.Protocols.Nmea;

/// <summary>The NMEA 0183 checksum: XOR of every byte strictly between the start marker and <c>*</c>.</summary>
public static class NmeaChecksum
{
    private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;

    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    /// <summary>XOR of all bytes of <paramref name="body"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte Compute(ReadOnlySpan<byte> body)
    {
        // XOR is associative, so fold eight bytes at a time and collapse the lanes at the end.
        ulong wide = 0;
        ref var start = ref MemoryMarshal.GetReference(body);
        var i = 0;
        for (; i + 8 <= body.Length; i += 8)
        {
            wide ^= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
        }

        wide ^= wide >> 32;
        wide ^= wide >> 16;
        wide ^= wide >> 8;
        var sum = (byte)wide;
        for (; i < body.Length; i++)
        {
            sum ^= body[i];
        }

        return sum;
    }

    /// <summary>Parses two hex digits (upper case per NMEA 0183; lower case accepted from lax talkers).</summary>
    public static bool TryParseHex(byte high, byte low, out byte value)
    {
        var h = HexValue(high);
        var l = HexValue(low);
        value = (byte)((h << 4) | l);
        return (h | l) >= 0;
    }

    /// <summary>Upper-case hex digit for a nibble.</summary>
    internal static byte HexDigit(int nibble) => HexDigits[nibble & 0xF];

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };
}
