using System.Buffers;

namespace Telemetry.Mqtt.Packets;

/// <summary>
/// Variable byte integer (MQTT 3.1.1 §2.2.3, MQTT 5.0 §1.5.5): 7 bits per byte, least significant group first,
/// high bit = "more bytes follow", at most 4 bytes, so the largest value is 268,435,455.
/// </summary>
public static class VariableByteInteger
{
    /// <summary>Largest encodable value (0xFF,0xFF,0xFF,0x7F).</summary>
    public const int MaxValue = 268_435_455;

    /// <summary>Longest encoding in bytes.</summary>
    public const int MaxLength = 4;

    /// <summary>Number of bytes the encoding of <paramref name="value"/> takes.</summary>
    public static int SizeOf(int value) => value switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(value)),
        <= 127 => 1,
        <= 16_383 => 2,
        <= 2_097_151 => 3,
        <= MaxValue => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "MQTT variable byte integers stop at 268,435,455."),
    };

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>; returns bytes written.</summary>
    public static int Write(Span<byte> destination, int value)
    {
        var size = SizeOf(value);
        for (var i = 0; i < size; i++)
        {
            var digit = (byte)(value & 0x7F);
            value >>= 7;
            destination[i] = value > 0 ? (byte)(digit | 0x80) : digit;
        }

        return size;
    }

    /// <summary>
    /// Decodes from a span. Returns <see cref="OperationStatus.Done"/>, <see cref="OperationStatus.NeedMoreData"/>
    /// (the span ends inside the integer) or <see cref="OperationStatus.InvalidData"/> (a fifth byte would be needed,
    /// or the encoding is not the shortest, which MQTT 5.0 §1.5.5 [MQTT-1.5.5-1] forbids).
    /// </summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> source, out int value, out int length)
    {
        value = 0;
        length = 0;
        var multiplier = 0;
        for (var i = 0; i < MaxLength; i++)
        {
            if (i >= source.Length)
            {
                return OperationStatus.NeedMoreData;
            }

            var b = source[i];
            value |= (b & 0x7F) << multiplier;
            multiplier += 7;
            if ((b & 0x80) == 0)
            {
                length = i + 1;
                // A trailing zero group means a shorter encoding existed (e.g. 0x80 0x00 for 0).
                return b == 0 && i > 0 ? OperationStatus.InvalidData : OperationStatus.Done;
            }
        }

        return OperationStatus.InvalidData;
    }
}
