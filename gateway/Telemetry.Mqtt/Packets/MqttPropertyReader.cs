namespace Telemetry.Mqtt.Packets;

/// <summary>Which properties each packet may carry (MQTT 5.0 §2.2.2.2, table 2-4), as bit masks over the id.</summary>
internal static class MqttPropertyRules
{
    public static readonly ulong Connect = Mask(0x11, 0x21, 0x27, 0x22, 0x19, 0x17, 0x26, 0x15, 0x16);
    public static readonly ulong Will = Mask(0x18, 0x01, 0x02, 0x03, 0x08, 0x09, 0x26);
    public static readonly ulong ConnAck = Mask(
        0x11, 0x21, 0x24, 0x25, 0x27, 0x12, 0x22, 0x1F, 0x26, 0x28, 0x29, 0x2A, 0x13, 0x1A, 0x1C, 0x15, 0x16);
    public static readonly ulong Publish = Mask(0x01, 0x02, 0x23, 0x08, 0x09, 0x26, 0x0B, 0x03);
    public static readonly ulong Ack = Mask(0x1F, 0x26);
    public static readonly ulong Subscribe = Mask(0x0B, 0x26);
    public static readonly ulong Unsubscribe = Mask(0x26);
    public static readonly ulong Disconnect = Mask(0x11, 0x1F, 0x26, 0x1C);
    public static readonly ulong Auth = Mask(0x15, 0x16, 0x1F, 0x26);

    private static ulong Mask(params ReadOnlySpan<int> ids)
    {
        ulong mask = 0;
        foreach (var id in ids)
        {
            mask |= 1UL << id;
        }

        return mask;
    }
}

/// <summary>Decodes a property block (§2.2.2): length, then identifier/value pairs.</summary>
internal static class MqttPropertyReader
{
    /// <summary>
    /// Reads the length-prefixed block at the reader's position into <paramref name="properties"/>.
    /// An identifier not allowed in this packet, a value of the wrong type or a block running past the packet is
    /// malformed (§2.2.2.2); a duplicate or an out-of-range value is a protocol error.
    /// </summary>
    public static bool TryRead(scoped ref MqttReader reader, ulong allowed, out MqttProperties properties)
    {
        properties = default;
        ReadOnlySpan<byte> block;
        if (!reader.TryReadVariableByteInteger(out var length) || !reader.TryReadBytes(length, out block))
        {
            return false;
        }

        // Filled in a local: an out parameter is return-only, which the ref-safety rules will not let a callee write.
        var decoded = new MqttProperties { Raw = block, UserProperties = block };
        var r = new MqttReader(block);
        ulong seen = 0;
        while (r.Remaining > 0)
        {
            // An identifier is a variable byte integer, but every defined one fits in one byte.
            if (!r.TryReadVariableByteInteger(out var id))
            {
                return reader.Fail(MqttReasonCode.MalformedPacket);
            }

            if (id > 63 || (allowed & (1UL << id)) == 0)
            {
                return reader.Fail(MqttReasonCode.MalformedPacket);
            }

            var bit = 1UL << id;
            var repeatable = id == (int)MqttPropertyId.UserProperty
                || (id == (int)MqttPropertyId.SubscriptionIdentifier && allowed == MqttPropertyRules.Publish);
            if ((seen & bit) != 0 && !repeatable)
            {
                // §2.2.2.2: including a property more than once is a protocol error.
                return reader.Fail(MqttReasonCode.ProtocolError);
            }

            seen |= bit;
            if (!ReadValue(ref r, (MqttPropertyId)id, ref decoded))
            {
                return reader.Fail(r.Error);
            }
        }

        properties = decoded;
        return true;
    }

    private static bool ReadValue(scoped ref MqttReader r, MqttPropertyId id, scoped ref MqttProperties p)
    {
        switch (id)
        {
            case MqttPropertyId.PayloadFormatIndicator:
                if (!Flag(ref r, out var pfi))
                {
                    return false;
                }

                p.PayloadFormatIndicator = pfi;
                return true;
            case MqttPropertyId.RequestProblemInformation:
                if (!Flag(ref r, out var rpi))
                {
                    return false;
                }

                p.RequestProblemInformation = rpi;
                return true;
            case MqttPropertyId.RequestResponseInformation:
                if (!Flag(ref r, out var rri))
                {
                    return false;
                }

                p.RequestResponseInformation = rri;
                return true;
            case MqttPropertyId.MaximumQos:
                if (!Flag(ref r, out var mq))
                {
                    return false;
                }

                p.MaximumQos = mq;
                return true;
            case MqttPropertyId.RetainAvailable:
                if (!Flag(ref r, out var ra))
                {
                    return false;
                }

                p.RetainAvailable = ra;
                return true;
            case MqttPropertyId.WildcardSubscriptionAvailable:
                if (!Flag(ref r, out var wsa))
                {
                    return false;
                }

                p.WildcardSubscriptionAvailable = wsa;
                return true;
            case MqttPropertyId.SubscriptionIdentifierAvailable:
                if (!Flag(ref r, out var sia))
                {
                    return false;
                }

                p.SubscriptionIdentifierAvailable = sia;
                return true;
            case MqttPropertyId.SharedSubscriptionAvailable:
                if (!Flag(ref r, out var ssa))
                {
                    return false;
                }

                p.SharedSubscriptionAvailable = ssa;
                return true;
            case MqttPropertyId.MessageExpiryInterval:
                if (!r.TryReadUInt32(out var mei))
                {
                    return false;
                }

                p.MessageExpiryInterval = mei;
                return true;
            case MqttPropertyId.SessionExpiryInterval:
                if (!r.TryReadUInt32(out var sei))
                {
                    return false;
                }

                p.SessionExpiryInterval = sei;
                return true;
            case MqttPropertyId.WillDelayInterval:
                if (!r.TryReadUInt32(out var wdi))
                {
                    return false;
                }

                p.WillDelayInterval = wdi;
                return true;
            case MqttPropertyId.MaximumPacketSize:
                // §3.2.2.3.6: zero is a protocol error.
                if (!(r.TryReadUInt32(out var mps) && (mps != 0 || r.Fail(MqttReasonCode.ProtocolError))))
                {
                    return false;
                }

                p.MaximumPacketSize = mps;
                return true;
            case MqttPropertyId.ServerKeepAlive:
                if (!r.TryReadUInt16(out var ska))
                {
                    return false;
                }

                p.ServerKeepAlive = ska;
                return true;
            case MqttPropertyId.ReceiveMaximum:
                // §3.1.2.11.3: zero is a protocol error.
                if (!(r.TryReadUInt16(out var rm) && (rm != 0 || r.Fail(MqttReasonCode.ProtocolError))))
                {
                    return false;
                }

                p.ReceiveMaximum = rm;
                return true;
            case MqttPropertyId.TopicAliasMaximum:
                if (!r.TryReadUInt16(out var tam))
                {
                    return false;
                }

                p.TopicAliasMaximum = tam;
                return true;
            case MqttPropertyId.TopicAlias:
                // §3.3.2.3.4 [MQTT-3.3.2-8]: alias zero is not permitted; §4.13 names the reason: 0x94 Topic Alias invalid.
                if (!(r.TryReadUInt16(out var ta) && (ta != 0 || r.Fail(MqttReasonCode.TopicAliasInvalid))))
                {
                    return false;
                }

                p.TopicAlias = ta;
                return true;
            case MqttPropertyId.SubscriptionIdentifier:
                // §3.8.2.1.2: 1..268,435,455; zero is a protocol error.
                if (!r.TryReadVariableByteInteger(out var sid) || (sid == 0 && !r.Fail(MqttReasonCode.ProtocolError)))
                {
                    return false;
                }

                p.SubscriptionIdentifier ??= sid;
                return true;
            case MqttPropertyId.ContentType:
                if (!r.TryReadString(out var ct))
                {
                    return false;
                }

                p.ContentType = ct;
                return true;
            case MqttPropertyId.ResponseTopic:
                if (!r.TryReadString(out var rt))
                {
                    return false;
                }

                p.ResponseTopic = rt;
                return true;
            case MqttPropertyId.AssignedClientIdentifier:
                if (!r.TryReadString(out var aci))
                {
                    return false;
                }

                p.AssignedClientIdentifier = aci;
                return true;
            case MqttPropertyId.AuthenticationMethod:
                if (!r.TryReadString(out var am))
                {
                    return false;
                }

                p.AuthenticationMethod = am;
                return true;
            case MqttPropertyId.ResponseInformation:
                if (!r.TryReadString(out var rinf))
                {
                    return false;
                }

                p.ResponseInformation = rinf;
                return true;
            case MqttPropertyId.ServerReference:
                if (!r.TryReadString(out var sr))
                {
                    return false;
                }

                p.ServerReference = sr;
                return true;
            case MqttPropertyId.ReasonString:
                if (!r.TryReadString(out var rs))
                {
                    return false;
                }

                p.ReasonString = rs;
                return true;
            case MqttPropertyId.CorrelationData:
                if (!r.TryReadBinary(out var cd))
                {
                    return false;
                }

                p.CorrelationData = cd;
                return true;
            case MqttPropertyId.AuthenticationData:
                if (!r.TryReadBinary(out var ad))
                {
                    return false;
                }

                p.AuthenticationData = ad;
                return true;
            case MqttPropertyId.UserProperty:
                // The block itself is the storage; just validate the pair.
                return r.TryReadString(out _) && r.TryReadString(out _);
            default:
                return r.Fail(MqttReasonCode.MalformedPacket);
        }
    }


    // Byte properties defined as 0 or 1; any other value is a protocol error.
    private static bool Flag(scoped ref MqttReader r, out byte value)
        => r.TryReadByte(out value) && (value <= 1 || r.Fail(MqttReasonCode.ProtocolError));
}
