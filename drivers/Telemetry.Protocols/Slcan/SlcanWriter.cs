using System.Buffers;
using Telemetry.Protocols.Can;
using static Telemetry.Protocols.Slcan.SlcanLiterals;

namespace Telemetry.Protocols.Slcan;

/// <summary>Lawicel bit-rate codes for the <c>Sn</c> command.</summary>
public enum SlcanBitrate : byte
{
    /// <summary>10 kbit/s.</summary>
    Kbit10 = 0,

    /// <summary>20 kbit/s.</summary>
    Kbit20 = 1,

    /// <summary>50 kbit/s.</summary>
    Kbit50 = 2,

    /// <summary>100 kbit/s.</summary>
    Kbit100 = 3,

    /// <summary>125 kbit/s.</summary>
    Kbit125 = 4,

    /// <summary>250 kbit/s: classic J1939.</summary>
    Kbit250 = 5,

    /// <summary>500 kbit/s: J1939-14.</summary>
    Kbit500 = 6,

    /// <summary>800 kbit/s.</summary>
    Kbit800 = 7,

    /// <summary>1 Mbit/s.</summary>
    Mbit1 = 8,
}

/// <summary>
/// Writes SLCAN lines: frames (host → adapter commands, or adapter → host receptions for the simulator),
/// the open/close/bit-rate/timestamp commands, and the adapter's responses.
/// </summary>
public static class SlcanWriter
{
    /// <summary>Writes <c>tiiil dd… [tttt]\r</c> (or <c>T</c>/<c>r</c>/<c>R</c>).</summary>
    /// <param name="output">Destination.</param>
    /// <param name="frame">Frame to write.</param>
    /// <param name="timestampMs">Adapter timestamp (0–59,999) to append, as an adapter in <c>Z1</c> mode does; null for none.</param>
    /// <returns>Bytes written.</returns>
    public static int WriteFrame(IBufferWriter<byte> output, in CanFrame frame, ushort? timestampMs = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (timestampMs > SlcanGrammar.MaxTimestamp)
        {
            throw new ArgumentOutOfRangeException(nameof(timestampMs), "SLCAN timestamps wrap at 59,999 ms.");
        }

        var idLength = frame.IsExtended ? 8 : 3;
        var data = frame.Data;
        var total = 1 + idLength + 1 + (data.Length * 2) + (timestampMs.HasValue ? 4 : 0) + 1;
        var span = output.GetSpan(total);
        span[0] = frame.IsRemote
            ? (frame.IsExtended ? ExtendedRemote : StandardRemote)
            : (frame.IsExtended ? Extended : Standard);
        WriteHex(span.Slice(1, idLength), frame.Id);
        span[1 + idLength] = HexDigits[frame.Length];
        var at = 2 + idLength;
        foreach (var b in data)
        {
            span[at++] = HexDigits[b >> 4];
            span[at++] = HexDigits[b & 0xF];
        }

        if (timestampMs is { } ts)
        {
            WriteHex(span.Slice(at, 4), ts);
            at += 4;
        }

        span[at] = Cr;
        output.Advance(total);
        return total;
    }

    /// <summary><c>O\r</c>: open the channel.</summary>
    public static int WriteOpen(IBufferWriter<byte> output) => WriteCommand(output, Open);

    /// <summary><c>C\r</c>: close the channel.</summary>
    public static int WriteClose(IBufferWriter<byte> output) => WriteCommand(output, Close);

    /// <summary><c>Sn\r</c>: set the bit rate (send before <c>O</c>).</summary>
    public static int WriteBitrate(IBufferWriter<byte> output, SlcanBitrate bitrate)
    {
        if (bitrate > SlcanBitrate.Mbit1)
        {
            throw new ArgumentOutOfRangeException(nameof(bitrate), "SLCAN bit-rate codes are S0 to S8.");
        }

        return WriteCommand(output, Bitrate, HexDigits[(int)bitrate]);
    }

    /// <summary><c>Z0\r</c> / <c>Z1\r</c>: timestamps off / on.</summary>
    public static int WriteTimestampMode(IBufferWriter<byte> output, bool enabled)
        => WriteCommand(output, ExtendedSent, enabled ? (byte)'1' : (byte)'0');

    /// <summary><c>F\r</c>: ask for the status flags.</summary>
    public static int WriteStatusRequest(IBufferWriter<byte> output) => WriteCommand(output, Status);

    /// <summary>Adapter response: <c>\r</c> (OK).</summary>
    public static int WriteAck(IBufferWriter<byte> output) => WriteBytes(output, [Cr]);

    /// <summary>Adapter response: BEL (error).</summary>
    public static int WriteError(IBufferWriter<byte> output) => WriteBytes(output, [Bell]);

    /// <summary>Adapter response to a transmit: <c>z\r</c> or <c>Z\r</c>.</summary>
    public static int WriteTransmitAck(IBufferWriter<byte> output, bool extended) => WriteBytes(output, [extended ? ExtendedSent : StandardSent, Cr]);

    /// <summary>Adapter response to <c>F</c>: <c>Fxx\r</c>.</summary>
    public static int WriteStatus(IBufferWriter<byte> output, byte flags) => WriteBytes(output, [Status, HexDigits[flags >> 4], HexDigits[flags & 0xF], Cr]);

    private static int WriteCommand(IBufferWriter<byte> output, byte command) => WriteBytes(output, [command, Cr]);

    private static int WriteCommand(IBufferWriter<byte> output, byte command, byte argument) => WriteBytes(output, [command, argument, Cr]);

    private static int WriteBytes(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
        return bytes.Length;
    }

    private static void WriteHex(Span<byte> destination, uint value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = HexDigits[(int)(value & 0xF)];
            value >>= 4;
        }
    }
}
