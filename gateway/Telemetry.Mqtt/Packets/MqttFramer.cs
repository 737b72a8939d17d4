using System.Buffers;
using Telemetry.Protocols.Framing;

namespace Telemetry.Mqtt.Packets;

/// <summary>
/// Cuts MQTT control packets out of a byte stream (fixed header §2.1: type/flags byte, remaining length as a
/// variable byte integer, then that many bytes). Checks the fixed header only: the reserved flag bits
/// (§2.1.3 [MQTT-2.1.3-1]), PUBLISH QoS 3 (§3.3.1.2), the remaining-length encoding and the maximum packet size.
/// MQTT is a session protocol: after a failure nothing later in the stream can be trusted, so an
/// <see cref="FrameStatus.Invalid"/> result consumes the whole buffer and the connection must be closed with
/// <see cref="LastError"/>.
/// </summary>
public sealed class MqttFramer : IFramer
{
    /// <summary>Creates a framer refusing packets longer than <paramref name="maxPacketSize"/> bytes.</summary>
    public MqttFramer(int maxPacketSize, MqttProtocolVersion? version = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketSize, 2);
        MaxPacketSize = maxPacketSize;
        Version = version;
    }

    /// <summary>Largest whole packet (fixed header included) accepted.</summary>
    public int MaxPacketSize { get; }

    /// <summary>Negotiated version, once known; AUTH is refused for 3.1.1 and before CONNECT.</summary>
    public MqttProtocolVersion? Version { get; set; }

    /// <summary>Why the last <see cref="FrameStatus.Invalid"/> happened.</summary>
    public MqttReasonCode LastError { get; private set; }

    /// <inheritdoc />
    public int MaxFrameLength => MaxPacketSize;

    /// <inheritdoc />
    public FrameStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame, out FrameError error)
    {
        var status = TryReadPacket(ref buffer, MaxPacketSize, Version, out frame, out var reason);
        error = FrameError.None;
        if (status == FrameStatus.Invalid)
        {
            LastError = reason;
            error = reason == MqttReasonCode.PacketTooLarge ? FrameError.TooLong : FrameError.BadHeader;
        }

        return status;
    }

    /// <summary>
    /// Tries to cut one packet off the start of <paramref name="buffer"/>. On <see cref="FrameStatus.Complete"/>,
    /// <paramref name="packet"/> is the whole packet and <paramref name="buffer"/> starts after it; on
    /// <see cref="FrameStatus.NeedMoreData"/> the buffer is unchanged; on <see cref="FrameStatus.Invalid"/>
    /// <paramref name="reason"/> is the reason code to close with and the buffer is emptied.
    /// </summary>
    public static FrameStatus TryReadPacket(
        ref ReadOnlySequence<byte> buffer, int maxPacketSize, MqttProtocolVersion? version,
        out ReadOnlySequence<byte> packet, out MqttReasonCode reason)
    {
        packet = default;
        reason = MqttReasonCode.Success;
        Span<byte> header = stackalloc byte[1 + VariableByteInteger.MaxLength];
        var available = (int)Math.Min(buffer.Length, header.Length);
        if (available == 0)
        {
            return FrameStatus.NeedMoreData;
        }

        buffer.Slice(0, available).CopyTo(header);
        header = header[..available];
        var first = header[0];
        reason = CheckFlags((MqttPacketType)(first >> 4), first & 0x0F, version);
        if (reason != MqttReasonCode.Success)
        {
            return Reject(ref buffer);
        }

        switch (VariableByteInteger.TryRead(header[1..], out var remaining, out var lengthBytes))
        {
            case OperationStatus.NeedMoreData:
                return FrameStatus.NeedMoreData;
            case OperationStatus.InvalidData:
                reason = MqttReasonCode.MalformedPacket;
                return Reject(ref buffer);
        }

        long total = 1L + lengthBytes + remaining;
        if (total > maxPacketSize)
        {
            // MQTT 5.0 §3.2.2.3.6 / §4.13: a packet over the maximum size closes with 0x95.
            reason = MqttReasonCode.PacketTooLarge;
            return Reject(ref buffer);
        }

        if (buffer.Length < total)
        {
            return FrameStatus.NeedMoreData;
        }

        packet = buffer.Slice(0, total);
        buffer = buffer.Slice(total);
        return FrameStatus.Complete;
    }

    // §2.1.3 table 2-2: fixed flag values per packet type.
    private static MqttReasonCode CheckFlags(MqttPacketType type, int flags, MqttProtocolVersion? version)
    {
        switch (type)
        {
            case MqttPacketType.Reserved:
                return MqttReasonCode.MalformedPacket;
            case MqttPacketType.Publish:
                // QoS bits 11 are malformed (§3.3.1.2); DUP must be 0 for QoS 0 (§3.3.1.1 [MQTT-3.3.1-2]).
                var qos = (flags >> 1) & 3;
                return qos == 3 || (qos == 0 && (flags & 0x08) != 0) ? MqttReasonCode.MalformedPacket : MqttReasonCode.Success;
            case MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe:
                return flags == 0x02 ? MqttReasonCode.Success : MqttReasonCode.MalformedPacket;
            case MqttPacketType.Auth when version != MqttProtocolVersion.V500:
                return MqttReasonCode.MalformedPacket;
            default:
                return flags == 0 ? MqttReasonCode.Success : MqttReasonCode.MalformedPacket;
        }
    }

    private static FrameStatus Reject(ref ReadOnlySequence<byte> buffer)
    {
        buffer = buffer.Slice(buffer.End);
        return FrameStatus.Invalid;
    }
}
