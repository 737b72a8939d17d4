namespace Telemetry.Mqtt.Packets;

/// <summary>
/// Decodes one complete packet (fixed header included, as cut by <see cref="MqttFramer"/>) into a view over its
/// bytes. Nothing is copied or allocated. Each method returns <see cref="MqttReasonCode.Success"/> or the reason the
/// connection must be closed with: <see cref="MqttReasonCode.MalformedPacket"/> when the bytes do not follow the
/// packet's layout, <see cref="MqttReasonCode.ProtocolError"/> when they do but break a rule.
/// </summary>
public static class MqttPacketDecoder
{
    /// <summary>The packet type of a framed packet.</summary>
    public static MqttPacketType TypeOf(ReadOnlySpan<byte> packet) => (MqttPacketType)(packet[0] >> 4);

    /// <summary>CONNECT (§3.1): the packet says its own protocol version.</summary>
    public static MqttReasonCode DecodeConnect(ReadOnlySpan<byte> packet, out MqttConnect connect)
    {
        connect = default;
        var r = Body(packet);
        // §3.1.2.1 Protocol Name "MQTT"; §3.1.2.2 Protocol Level 4 (3.1.1) or 5 (5.0).
        if (!r.TryReadString(out var name) || !r.TryReadByte(out var level))
        {
            return r.Error;
        }

        if (!name.SequenceEqual("MQTT"u8) || level is not (4 or 5))
        {
            // MQTT 3.1 says "MQIsdp"/3: a real client, just a version we do not speak.
            return name.SequenceEqual("MQTT"u8) || name.SequenceEqual("MQIsdp"u8)
                ? MqttReasonCode.UnsupportedProtocolVersion
                : MqttReasonCode.MalformedPacket;
        }

        var version = (MqttProtocolVersion)level;
        connect.ProtocolVersion = version;
        // §3.1.2.3 Connect Flags: user(7) password(6) will-retain(5) will-qos(4..3) will(2) clean(1) reserved(0).
        if (!r.TryReadByte(out var flags) || !r.TryReadUInt16(out var keepAlive))
        {
            return r.Error;
        }

        var hasWill = (flags & 0x04) != 0;
        var willQos = (flags >> 3) & 3;
        var willRetain = (flags & 0x20) != 0;
        if ((flags & 0x01) != 0 || willQos == 3 || (!hasWill && (willQos != 0 || willRetain)))
        {
            return MqttReasonCode.MalformedPacket;
        }

        var hasUser = (flags & 0x80) != 0;
        var hasPassword = (flags & 0x40) != 0;
        if (version == MqttProtocolVersion.V311 && hasPassword && !hasUser)
        {
            // 3.1.1 §3.1.2.9 [MQTT-3.1.2-22]: no password without a user name.
            return MqttReasonCode.MalformedPacket;
        }

        connect.CleanStart = (flags & 0x02) != 0;
        connect.KeepAlive = keepAlive;
        if (version == MqttProtocolVersion.V500)
        {
            if (!MqttPropertyReader.TryRead(ref r, MqttPropertyRules.Connect, out var props))
            {
                return r.Error;
            }

            connect.Properties = props;
        }

        // §3.1.3 Payload: client id, [will properties, will topic, will payload], [user name], [password].
        if (!r.TryReadString(out var clientId))
        {
            return r.Error;
        }

        connect.ClientId = clientId;
        connect.HasWill = hasWill;
        if (hasWill)
        {
            if (version == MqttProtocolVersion.V500)
            {
                if (!MqttPropertyReader.TryRead(ref r, MqttPropertyRules.Will, out var willProps))
                {
                    return r.Error;
                }

                connect.WillProperties = willProps;
            }

            if (!r.TryReadString(out var willTopic) || !r.TryReadBinary(out var willPayload))
            {
                return r.Error;
            }

            connect.WillQos = (MqttQos)willQos;
            connect.WillRetain = willRetain;
            connect.WillTopic = willTopic;
            connect.WillPayload = willPayload;
        }

        if (hasUser)
        {
            if (!r.TryReadString(out var user))
            {
                return r.Error;
            }

            connect.HasUserName = true;
            connect.UserName = user;
        }

        if (hasPassword)
        {
            if (!r.TryReadBinary(out var password))
            {
                return r.Error;
            }

            connect.HasPassword = true;
            connect.Password = password;
        }

        return End(ref r);
    }

    /// <summary>CONNACK (§3.2): acknowledge flags, reason (3.1.1: return code), properties.</summary>
    public static MqttReasonCode DecodeConnAck(ReadOnlySpan<byte> packet, MqttProtocolVersion version, out MqttConnAck connAck)
    {
        connAck = default;
        var r = Body(packet);
        if (!r.TryReadByte(out var ackFlags) || !r.TryReadByte(out var code))
        {
            return r.Error;
        }

        // §3.2.2.1: bits 7-1 reserved, must be 0.
        if ((ackFlags & 0xFE) != 0)
        {
            return MqttReasonCode.MalformedPacket;
        }

        connAck.SessionPresent = (ackFlags & 1) != 0;
        if (version == MqttProtocolVersion.V311)
        {
            if (code > 5)
            {
                return MqttReasonCode.MalformedPacket;
            }

            connAck.ReasonCode = MqttReasonCodes.FromV311ConnectReturnCode(code);
            return End(ref r);
        }

        if (!MqttReasonCodes.IsValidFor(MqttPacketType.ConnAck, code))
        {
            return MqttReasonCode.MalformedPacket;
        }

        connAck.ReasonCode = (MqttReasonCode)code;
        if (!MqttPropertyReader.TryRead(ref r, MqttPropertyRules.ConnAck, out var props))
        {
            return r.Error;
        }

        connAck.Properties = props;
        return End(ref r);
    }

    /// <summary>PUBLISH (§3.3): flags from the fixed header, topic, [packet id], properties, payload.</summary>
    public static MqttReasonCode DecodePublish(ReadOnlySpan<byte> packet, MqttProtocolVersion version, out MqttPublish publish)
    {
        publish = default;
        var flags = packet[0] & 0x0F;
        publish.Dup = (flags & 0x08) != 0;
        publish.Qos = (MqttQos)((flags >> 1) & 3);
        publish.Retain = (flags & 0x01) != 0;
        var r = Body(packet);
        if (!r.TryReadString(out var topic))
        {
            return r.Error;
        }

        // §3.3.2.1: a topic name has no wildcards; 3.1.1 also requires at least one character
        // (5.0 allows empty when a Topic Alias stands for it; the session checks that).
        if (topic.IndexOfAny((byte)'+', (byte)'#') >= 0 || (topic.IsEmpty && version == MqttProtocolVersion.V311))
        {
            return MqttReasonCode.TopicNameInvalid;
        }

        publish.Topic = topic;
        if (publish.Qos != MqttQos.AtMostOnce)
        {
            if (!r.TryReadUInt16(out var id))
            {
                return r.Error;
            }

            if (id == 0)
            {
                // §2.2.1 [MQTT-2.2.1-3]: non-zero packet identifier.
                return MqttReasonCode.ProtocolError;
            }

            publish.PacketId = id;
        }

        if (version == MqttProtocolVersion.V500)
        {
            if (!MqttPropertyReader.TryRead(ref r, MqttPropertyRules.Publish, out var props))
            {
                return r.Error;
            }

            publish.Properties = props;
        }

        publish.Payload = r.ReadRest();
        return MqttReasonCode.Success;
    }

    /// <summary>PUBACK, PUBREC, PUBREL, PUBCOMP (§3.4–3.7): packet id, [reason, [properties]].</summary>
    public static MqttReasonCode DecodePublishAck(ReadOnlySpan<byte> packet, MqttProtocolVersion version, out MqttPublishAck ack)
    {
        ack = default;
        ack.Type = TypeOf(packet);
        var r = Body(packet);
        if (!ReadPacketId(ref r, out var id, out var error))
        {
            return error;
        }

        ack.PacketId = id;
        if (version == MqttProtocolVersion.V311 || r.Remaining == 0)
        {
            // §3.4.2.1: remaining length 2 means success and no properties.
            return End(ref r);
        }

        if (!r.TryReadByte(out var code))
        {
            return r.Error;
        }

        if (!MqttReasonCodes.IsValidFor(ack.Type, code))
        {
            return MqttReasonCode.MalformedPacket;
        }

        ack.ReasonCode = (MqttReasonCode)code;
        if (r.Remaining > 0)
        {
            if (!MqttPropertyReader.TryRead(ref r, MqttPropertyRules.Ack, out var props))
            {
                return r.Error;
            }

            ack.Properties = props;
        }

        return End(ref r);
    }

    /// <summary>SUBSCRIBE (§3.8): packet id, properties, one or more (filter, options).</summary>
    public static MqttReasonCode DecodeSubscribe(ReadOnlySpan<byte> packet, MqttProtocolVersion version, out MqttSubscribe subscribe)
    {
        subscribe = default;
        var r = Body(packet);
        if (!ReadPacketId(ref r, out var id, out var error))
        {
            return error;
        }

        subscribe.PacketId = id;
        if (version == MqttProtocolVersion.V500)
        {
            if (!MqttPropertyReader.TryRead(ref r, MqttPropertyRules.Subscribe, out var props))
            {
                return r.Error;
            }

            subscribe.Properties = props;
        }

        var entries = r.ReadRest();
        if (entries.IsEmpty)
        {
            // §3.8.3 [MQTT-3.8.3-3]: at least one filter; none is a protocol error.
            return MqttReasonCode.ProtocolError;
        }

        var e = new MqttReader(entries);
        while (e.Remaining > 0)
        {
            if (!e.TryReadString(out _) || !e.TryReadByte(out var options))
            {
                return e.Error;
            }

            // §3.8.3.1: 3.1.1 reserves bits 7-2; 5.0 reserves bits 7-6. QoS 3 is malformed; Retain Handling 3 a
            // protocol error.
            var reserved = version == MqttProtocolVersion.V311 ? 0xFC : 0xC0;
            if ((options & reserved) != 0 || (options & 3) == 3)
            {
                return MqttReasonCode.MalformedPacket;
            }

            if (((options >> 4) & 3) == 3)
            {
                return MqttReasonCode.ProtocolError;
            }
        }

        subscribe.Entries = entries;
        return MqttReasonCode.Success;
    }

    /// <summary>UNSUBSCRIBE (§3.10): packet id, properties, one or more filters.</summary>
    public static MqttReasonCode DecodeUnsubscribe(ReadOnlySpan<byte> packet, MqttProtocolVersion version, out MqttUnsubscribe unsubscribe)
    {
        unsubscribe = default;
        var r = Body(packet);
        if (!ReadPacketId(ref r, out var id, out var error))
        {
            return error;
        }

        unsubscribe.PacketId = id;
        if (version == MqttProtocolVersion.V500)
        {
            if (!MqttPropertyReader.TryRead(ref r, MqttPropertyRules.Unsubscribe, out var props))
            {
                return r.Error;
            }

            unsubscribe.Properties = props;
        }

        var entries = r.ReadRest();
        if (entries.IsEmpty)
        {
            return MqttReasonCode.ProtocolError;
        }

        var e = new MqttReader(entries);
        while (e.Remaining > 0)
        {
            if (!e.TryReadString(out _))
            {
                return e.Error;
            }
        }

        unsubscribe.Entries = entries;
        return MqttReasonCode.Success;
    }

    /// <summary>SUBACK (§3.9) or UNSUBACK (§3.11): packet id, properties, reason codes.</summary>
    public static MqttReasonCode DecodeSubAck(ReadOnlySpan<byte> packet, MqttProtocolVersion version, out MqttSubAck subAck)
    {
        subAck = default;
        subAck.Type = TypeOf(packet);
        var r = Body(packet);
        if (!ReadPacketId(ref r, out var id, out var error))
        {
            return error;
        }

        subAck.PacketId = id;
        if (version == MqttProtocolVersion.V311 && subAck.Type == MqttPacketType.UnsubAck)
        {
            // 3.1.1 §3.11: UNSUBACK is just the packet identifier.
            return End(ref r);
        }

        if (version == MqttProtocolVersion.V500)
        {
            if (!MqttPropertyReader.TryRead(ref r, MqttPropertyRules.Ack, out var props))
            {
                return r.Error;
            }

            subAck.Properties = props;
        }

        var codes = r.ReadRest();
        if (codes.IsEmpty)
        {
            return MqttReasonCode.ProtocolError;
        }

        foreach (var code in codes)
        {
            var valid = version == MqttProtocolVersion.V311
                ? code is 0 or 1 or 2 or 0x80
                : MqttReasonCodes.IsValidFor(subAck.Type, code);
            if (!valid)
            {
                return MqttReasonCode.MalformedPacket;
            }
        }

        subAck.ReasonCodes = codes;
        return MqttReasonCode.Success;
    }

    /// <summary>DISCONNECT (§3.14) or AUTH (§3.15): [reason, [properties]].</summary>
    public static MqttReasonCode DecodeDisconnect(ReadOnlySpan<byte> packet, MqttProtocolVersion version, out MqttDisconnect disconnect)
    {
        disconnect = default;
        disconnect.Type = TypeOf(packet);
        var r = Body(packet);
        if (version == MqttProtocolVersion.V311)
        {
            // 3.1.1 has no AUTH; the framer already refused it. DISCONNECT has no variable header.
            return End(ref r);
        }

        if (r.Remaining == 0)
        {
            return MqttReasonCode.Success;
        }

        if (!r.TryReadByte(out var code))
        {
            return r.Error;
        }

        if (!MqttReasonCodes.IsValidFor(disconnect.Type, code))
        {
            return MqttReasonCode.MalformedPacket;
        }

        disconnect.ReasonCode = (MqttReasonCode)code;
        if (r.Remaining > 0)
        {
            var allowed = disconnect.Type == MqttPacketType.Auth ? MqttPropertyRules.Auth : MqttPropertyRules.Disconnect;
            if (!MqttPropertyReader.TryRead(ref r, allowed, out var props))
            {
                return r.Error;
            }

            disconnect.Properties = props;
        }

        return End(ref r);
    }

    /// <summary>PINGREQ / PINGRESP (§3.12, §3.13): nothing after the fixed header.</summary>
    public static MqttReasonCode DecodeEmpty(ReadOnlySpan<byte> packet)
    {
        var r = Body(packet);
        return End(ref r);
    }

    // Skips the fixed header the framer has already validated.
    private static MqttReader Body(ReadOnlySpan<byte> packet)
    {
        var i = 1;
        while ((packet[i] & 0x80) != 0)
        {
            i++;
        }

        return new MqttReader(packet[(i + 1)..]);
    }

    private static bool ReadPacketId(scoped ref MqttReader r, out ushort id, out MqttReasonCode error)
    {
        if (!r.TryReadUInt16(out id))
        {
            error = r.Error;
            return false;
        }

        // §2.2.1: packet identifiers are non-zero.
        error = id == 0 ? MqttReasonCode.ProtocolError : MqttReasonCode.Success;
        return id != 0;
    }

    // Bytes left after the last field mean the remaining length disagrees with the fields.
    private static MqttReasonCode End(scoped ref MqttReader r)
        => r.Remaining == 0 ? MqttReasonCode.Success : MqttReasonCode.MalformedPacket;
}
