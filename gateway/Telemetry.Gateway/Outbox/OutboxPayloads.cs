using System.Buffers;
using System.Buffers.Binary;

namespace Telemetry.Gateway.Outbox;

/// <summary>
/// Deterministic test payloads for <c>telemetry outbox bench</c> and the crash tests: the content is a function of
/// the sequence, so a reader can prove a recovered record is exactly the one written.
/// </summary>
internal static class OutboxPayloads
{
    public static void Write(int size, long sequence, IBufferWriter<byte> output)
    {
        size = Math.Max(size, 8);
        var span = output.GetSpan(size)[..size];
        BinaryPrimitives.WriteInt64LittleEndian(span, sequence);
        for (var i = 8; i < size; i++)
        {
            span[i] = (byte)(sequence * 31 + i);
        }

        output.Advance(size);
    }

    public static bool Matches(ReadOnlySpan<byte> payload, long sequence)
    {
        if (payload.Length < 8 || BinaryPrimitives.ReadInt64LittleEndian(payload) != sequence)
        {
            return false;
        }

        for (var i = 8; i < payload.Length; i++)
        {
            if (payload[i] != (byte)(sequence * 31 + i))
            {
                return false;
            }
        }

        return true;
    }
}
