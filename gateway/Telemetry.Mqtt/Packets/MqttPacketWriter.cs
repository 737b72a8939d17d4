using System.Buffers;

namespace Telemetry.Mqtt.Packets;

/// <summary>
/// Encodes packets into an <see cref="IBufferWriter{T}"/>: each call measures the packet, asks for one span of that
/// size, writes it and advances, so a packet is never half-written. Returns the bytes written. Inputs are trusted
/// to be valid (topic and string rules are the caller's, see <see cref="MqttTopic"/>); a packet too large for the
/// remaining-length field throws <see cref="ArgumentException"/>.
/// </summary>
public static class MqttPacketWriter
{
    /// <summary>CONNECT (§3.1).</summary>
    public static int WriteConnect(IBufferWriter<byte> output, in MqttConnect c)
    {
        var v5 = c.ProtocolVersion == MqttProtocolVersion.V500;
        var props = v5 ? c.Properties.Length : -1;
        var willProps = v5 && c.HasWill ? c.WillProperties.Length : -1;
        var rl = 2 + 4 + 1 + 1 + 2 + PropertiesSize(props) + 2 + c.ClientId.Length;
        if (c.HasWill)
        {
            rl += PropertiesSize(willProps) + 2 + c.WillTopic.Length + 2 + c.WillPayload.Length;
        }

        rl += c.HasUserName ? 2 + c.UserName.Length : 0;
        rl += c.HasPassword ? 2 + c.Password.Length : 0;
        var w = Begin(output, MqttPacketType.Connect, 0, rl, out var total);
        w.WriteBinary("MQTT"u8);
        w.WriteByte((byte)c.ProtocolVersion);
        var flags = (c.HasUserName ? 0x80 : 0) | (c.HasPassword ? 0x40 : 0) | (c.WillRetain ? 0x20 : 0)
            | ((int)c.WillQos << 3) | (c.HasWill ? 0x04 : 0) | (c.CleanStart ? 0x02 : 0);
        w.WriteByte((byte)flags);
        w.WriteUInt16(c.KeepAlive);
        WriteProperties(ref w, c.Properties, props);
        w.WriteBinary(c.ClientId);
        if (c.HasWill)
        {
            WriteProperties(ref w, c.WillProperties, willProps);
            w.WriteBinary(c.WillTopic);
            w.WriteBinary(c.WillPayload);
        }

        if (c.HasUserName)
        {
            w.WriteBinary(c.UserName);
        }

        if (c.HasPassword)
        {
            w.WriteBinary(c.Password);
        }

        return End(output, total);
    }

    /// <summary>CONNACK (§3.2); for 3.1.1 the reason is mapped to a return code.</summary>
    public static int WriteConnAck(IBufferWriter<byte> output, MqttProtocolVersion version, in MqttConnAck a)
    {
        var props = version == MqttProtocolVersion.V500 ? a.Properties.Length : -1;
        var w = Begin(output, MqttPacketType.ConnAck, 0, 2 + PropertiesSize(props), out var total);
        w.WriteByte(a.SessionPresent ? (byte)1 : (byte)0);
        w.WriteByte(version == MqttProtocolVersion.V500 ? (byte)a.ReasonCode : MqttReasonCodes.ToV311ConnectReturnCode(a.ReasonCode));
        WriteProperties(ref w, a.Properties, props);
        return End(output, total);
    }

    /// <summary>Size in bytes of the PUBLISH <see cref="WritePublish"/> would write, to check a maximum packet size.</summary>
    public static int PublishSize(MqttProtocolVersion version, in MqttPublish p)
    {
        var rl = PublishRemainingLength(version, p, out _);
        return 1 + VariableByteInteger.SizeOf(rl) + rl;
    }

    /// <summary>PUBLISH (§3.3).</summary>
    public static int WritePublish(IBufferWriter<byte> output, MqttProtocolVersion version, in MqttPublish p)
    {
        var rl = PublishRemainingLength(version, p, out var props);
        var flags = (p.Dup ? 0x08 : 0) | ((int)p.Qos << 1) | (p.Retain ? 1 : 0);
        var w = Begin(output, MqttPacketType.Publish, flags, rl, out var total);
        w.WriteBinary(p.Topic);
        if (p.Qos != MqttQos.AtMostOnce)
        {
            w.WriteUInt16(p.PacketId);
        }

        WriteProperties(ref w, p.Properties, props);
        w.WriteBytes(p.Payload);
        return End(output, total);
    }

    /// <summary>PUBACK / PUBREC / PUBREL / PUBCOMP with success and no properties: the 4-byte form.</summary>
    public static int WritePublishAck(IBufferWriter<byte> output, MqttPacketType type, ushort packetId)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(4);
        span[0] = (byte)(((int)type << 4) | (type == MqttPacketType.PubRel ? 0x02 : 0));
        span[1] = 2;
        span[2] = (byte)(packetId >> 8);
        span[3] = (byte)packetId;
        output.Advance(4);
        return 4;
    }

    /// <summary>PUBACK / PUBREC / PUBREL / PUBCOMP (§3.4–3.7), shortest form allowed (§3.4.2.1).</summary>
    public static int WritePublishAck(IBufferWriter<byte> output, MqttProtocolVersion version, in MqttPublishAck a)
    {
        var props = version == MqttProtocolVersion.V500 ? a.Properties.Length : 0;
        if (version == MqttProtocolVersion.V311 || (a.ReasonCode == MqttReasonCode.Success && props == 0))
        {
            return WritePublishAck(output, a.Type, a.PacketId);
        }

        var rl = 3 + (props > 0 ? PropertiesSize(props) : 0);
        var w = Begin(output, a.Type, a.Type == MqttPacketType.PubRel ? 0x02 : 0, rl, out var total);
        w.WriteUInt16(a.PacketId);
        w.WriteByte((byte)a.ReasonCode);
        if (props > 0)
        {
            WriteProperties(ref w, a.Properties, props);
        }

        return End(output, total);
    }

    /// <summary>
    /// Appends one SUBSCRIBE entry (filter + options, §3.8.3) to <paramref name="entries"/>; 3.1.1 keeps only the QoS.
    /// </summary>
    public static void AppendSubscription(IBufferWriter<byte> entries, MqttProtocolVersion version, in MqttSubscription s)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var span = entries.GetSpan(3 + s.Filter.Length);
        var w = new MqttSpanWriter(span);
        w.WriteBinary(s.Filter);
        w.WriteByte(version == MqttProtocolVersion.V500 ? s.OptionsByte : (byte)s.Qos);
        entries.Advance(w.Position);
    }

    /// <summary>Appends one UNSUBSCRIBE filter (§3.10.3) to <paramref name="entries"/>.</summary>
    public static void AppendUnsubscription(IBufferWriter<byte> entries, ReadOnlySpan<byte> filter)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var w = new MqttSpanWriter(entries.GetSpan(2 + filter.Length));
        w.WriteBinary(filter);
        entries.Advance(w.Position);
    }

    /// <summary>SUBSCRIBE (§3.8) from pre-encoded entries (<see cref="AppendSubscription"/>).</summary>
    public static int WriteSubscribe(IBufferWriter<byte> output, MqttProtocolVersion version, in MqttSubscribe s)
        => WriteRequest(output, version, MqttPacketType.Subscribe, s.PacketId, s.Properties, s.Entries);

    /// <summary>UNSUBSCRIBE (§3.10) from pre-encoded entries (<see cref="AppendUnsubscription"/>).</summary>
    public static int WriteUnsubscribe(IBufferWriter<byte> output, MqttProtocolVersion version, in MqttUnsubscribe u)
        => WriteRequest(output, version, MqttPacketType.Unsubscribe, u.PacketId, u.Properties, u.Entries);

    /// <summary>SUBACK (§3.9) or UNSUBACK (§3.11); a 3.1.1 UNSUBACK carries no reason codes.</summary>
    public static int WriteSubAck(IBufferWriter<byte> output, MqttProtocolVersion version, in MqttSubAck a)
    {
        var v311Unsuback = version == MqttProtocolVersion.V311 && a.Type == MqttPacketType.UnsubAck;
        var props = version == MqttProtocolVersion.V500 ? a.Properties.Length : -1;
        var codes = v311Unsuback ? 0 : a.ReasonCodes.Length;
        var w = Begin(output, a.Type, 0, 2 + PropertiesSize(props) + codes, out var total);
        w.WriteUInt16(a.PacketId);
        WriteProperties(ref w, a.Properties, props);
        if (!v311Unsuback)
        {
            w.WriteBytes(a.ReasonCodes);
        }

        return End(output, total);
    }

    /// <summary>PINGREQ (§3.12).</summary>
    public static int WritePingReq(IBufferWriter<byte> output) => WriteEmpty(output, MqttPacketType.PingReq);

    /// <summary>PINGRESP (§3.13).</summary>
    public static int WritePingResp(IBufferWriter<byte> output) => WriteEmpty(output, MqttPacketType.PingResp);

    /// <summary>DISCONNECT (§3.14) or AUTH (§3.15, 5.0 only), shortest form allowed.</summary>
    public static int WriteDisconnect(IBufferWriter<byte> output, MqttProtocolVersion version, in MqttDisconnect d)
    {
        var type = d.Type == MqttPacketType.Auth ? MqttPacketType.Auth : MqttPacketType.Disconnect;
        var props = version == MqttProtocolVersion.V500 ? d.Properties.Length : 0;
        if (version == MqttProtocolVersion.V311 || (d.ReasonCode == MqttReasonCode.Success && props == 0))
        {
            return WriteEmpty(output, type);
        }

        var rl = 1 + (props > 0 ? PropertiesSize(props) : 0);
        var w = Begin(output, type, 0, rl, out var total);
        w.WriteByte((byte)d.ReasonCode);
        if (props > 0)
        {
            WriteProperties(ref w, d.Properties, props);
        }

        return End(output, total);
    }

    private static int WriteRequest(IBufferWriter<byte> output, MqttProtocolVersion version, MqttPacketType type,
        ushort packetId, in MqttProperties properties, ReadOnlySpan<byte> entries)
    {
        if (entries.IsEmpty)
        {
            throw new ArgumentException("SUBSCRIBE and UNSUBSCRIBE need at least one topic filter (§3.8.3, §3.10.3).");
        }

        var props = version == MqttProtocolVersion.V500 ? properties.Length : -1;
        var w = Begin(output, type, 0x02, 2 + PropertiesSize(props) + entries.Length, out var total);
        w.WriteUInt16(packetId);
        WriteProperties(ref w, properties, props);
        w.WriteBytes(entries);
        return End(output, total);
    }

    private static int WriteEmpty(IBufferWriter<byte> output, MqttPacketType type)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(2);
        span[0] = (byte)((int)type << 4);
        span[1] = 0;
        output.Advance(2);
        return 2;
    }

    private static int PublishRemainingLength(MqttProtocolVersion version, in MqttPublish p, out int props)
    {
        props = version == MqttProtocolVersion.V500 ? p.Properties.Length : -1;
        return 2 + p.Topic.Length + (p.Qos != MqttQos.AtMostOnce ? 2 : 0) + PropertiesSize(props) + p.Payload.Length;
    }

    // A negative length means "no property block at all" (3.1.1).
    private static int PropertiesSize(int length) => length < 0 ? 0 : VariableByteInteger.SizeOf(length) + length;

    private static void WriteProperties(ref MqttSpanWriter w, in MqttProperties properties, int length)
    {
        if (length >= 0)
        {
            properties.Write(ref w, length);
        }
    }

    private static MqttSpanWriter Begin(IBufferWriter<byte> output, MqttPacketType type, int flags, int remainingLength, out int total)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (remainingLength > VariableByteInteger.MaxValue)
        {
            throw new ArgumentException($"An MQTT packet body is at most {VariableByteInteger.MaxValue} bytes; this one is {remainingLength}.");
        }

        total = 1 + VariableByteInteger.SizeOf(remainingLength) + remainingLength;
        var w = new MqttSpanWriter(output.GetSpan(total));
        w.WriteByte((byte)(((int)type << 4) | flags));
        w.WriteVariableByteInteger(remainingLength);
        return w;
    }

    private static int End(IBufferWriter<byte> output, int total)
    {
        output.Advance(total);
        return total;
    }
}
