namespace Telemetry.Mqtt.Packets;

/// <summary>
/// MQTT 5.0 properties of one packet (§2.2.2). Used both ways: decoding fills it from the wire with spans into the
/// packet (nothing copied); encoding writes whatever is set. An absent integer property is <c>null</c>, an absent
/// string or binary property is an empty span. User properties travel as a raw property block
/// (<see cref="UserProperties"/>): a decoded block can be handed straight to an encoder, and
/// <see cref="MqttUserProperties"/> builds one.
/// </summary>
public ref struct MqttProperties
{
    /// <summary>0x01 Payload Format Indicator.</summary>
    public byte? PayloadFormatIndicator { get; set; }

    /// <summary>0x02 Message Expiry Interval, seconds.</summary>
    public uint? MessageExpiryInterval { get; set; }

    /// <summary>0x03 Content Type.</summary>
    public ReadOnlySpan<byte> ContentType { get; set; }

    /// <summary>0x08 Response Topic.</summary>
    public ReadOnlySpan<byte> ResponseTopic { get; set; }

    /// <summary>0x09 Correlation Data.</summary>
    public ReadOnlySpan<byte> CorrelationData { get; set; }

    /// <summary>0x0B Subscription Identifier (the first one when a PUBLISH carries several; see <see cref="Raw"/>).</summary>
    public int? SubscriptionIdentifier { get; set; }

    /// <summary>0x11 Session Expiry Interval, seconds.</summary>
    public uint? SessionExpiryInterval { get; set; }

    /// <summary>0x12 Assigned Client Identifier.</summary>
    public ReadOnlySpan<byte> AssignedClientIdentifier { get; set; }

    /// <summary>0x13 Server Keep Alive, seconds.</summary>
    public ushort? ServerKeepAlive { get; set; }

    /// <summary>0x15 Authentication Method.</summary>
    public ReadOnlySpan<byte> AuthenticationMethod { get; set; }

    /// <summary>0x16 Authentication Data.</summary>
    public ReadOnlySpan<byte> AuthenticationData { get; set; }

    /// <summary>0x17 Request Problem Information.</summary>
    public byte? RequestProblemInformation { get; set; }

    /// <summary>0x18 Will Delay Interval, seconds.</summary>
    public uint? WillDelayInterval { get; set; }

    /// <summary>0x19 Request Response Information.</summary>
    public byte? RequestResponseInformation { get; set; }

    /// <summary>0x1A Response Information.</summary>
    public ReadOnlySpan<byte> ResponseInformation { get; set; }

    /// <summary>0x1C Server Reference.</summary>
    public ReadOnlySpan<byte> ServerReference { get; set; }

    /// <summary>0x1F Reason String.</summary>
    public ReadOnlySpan<byte> ReasonString { get; set; }

    /// <summary>0x21 Receive Maximum.</summary>
    public ushort? ReceiveMaximum { get; set; }

    /// <summary>0x22 Topic Alias Maximum.</summary>
    public ushort? TopicAliasMaximum { get; set; }

    /// <summary>0x23 Topic Alias.</summary>
    public ushort? TopicAlias { get; set; }

    /// <summary>0x24 Maximum QoS.</summary>
    public byte? MaximumQos { get; set; }

    /// <summary>0x25 Retain Available.</summary>
    public byte? RetainAvailable { get; set; }

    /// <summary>
    /// A property block whose 0x26 User Property entries are the user properties; other entries in it are ignored.
    /// Decoding sets it to the whole received block.
    /// </summary>
    public ReadOnlySpan<byte> UserProperties { get; set; }

    /// <summary>0x27 Maximum Packet Size.</summary>
    public uint? MaximumPacketSize { get; set; }

    /// <summary>0x28 Wildcard Subscription Available.</summary>
    public byte? WildcardSubscriptionAvailable { get; set; }

    /// <summary>0x29 Subscription Identifier Available.</summary>
    public byte? SubscriptionIdentifierAvailable { get; set; }

    /// <summary>0x2A Shared Subscription Available.</summary>
    public byte? SharedSubscriptionAvailable { get; set; }

    /// <summary>The whole property block as received (decoding only).</summary>
    public ReadOnlySpan<byte> Raw { get; set; }

    /// <summary>User properties as (name, value) pairs.</summary>
    public readonly MqttUserPropertyEnumerator EnumerateUserProperties() => new(UserProperties);

    /// <summary>Every Subscription Identifier in the received block (a PUBLISH may carry several).</summary>
    public readonly MqttSubscriptionIdentifierEnumerator EnumerateSubscriptionIdentifiers() => new(Raw);

    /// <summary>Length of the encoded property block, without its own length prefix.</summary>
    public readonly int Length
    {
        get
        {
            var n = 0;
            n += Byte(PayloadFormatIndicator) + Four(MessageExpiryInterval) + Str(ContentType) + Str(ResponseTopic)
                + Str(CorrelationData) + Four(SessionExpiryInterval) + Str(AssignedClientIdentifier)
                + Two(ServerKeepAlive) + Str(AuthenticationMethod) + Str(AuthenticationData)
                + Byte(RequestProblemInformation) + Four(WillDelayInterval) + Byte(RequestResponseInformation)
                + Str(ResponseInformation) + Str(ServerReference) + Str(ReasonString) + Two(ReceiveMaximum)
                + Two(TopicAliasMaximum) + Two(TopicAlias) + Byte(MaximumQos) + Byte(RetainAvailable)
                + Four(MaximumPacketSize) + Byte(WildcardSubscriptionAvailable)
                + Byte(SubscriptionIdentifierAvailable) + Byte(SharedSubscriptionAvailable);
            if (SubscriptionIdentifier is { } id)
            {
                n += 1 + VariableByteInteger.SizeOf(id);
            }

            n += MqttUserProperties.EncodedLength(UserProperties);
            return n;

            static int Byte(byte? v) => v.HasValue ? 2 : 0;
            static int Two(ushort? v) => v.HasValue ? 3 : 0;
            static int Four(uint? v) => v.HasValue ? 5 : 0;
            static int Str(ReadOnlySpan<byte> v) => v.IsEmpty ? 0 : 3 + v.Length;
        }
    }

    /// <summary>Writes the length prefix and the block.</summary>
    internal readonly void Write(ref MqttSpanWriter w, int length)
    {
        w.WriteVariableByteInteger(length);
        Byte(ref w, MqttPropertyId.PayloadFormatIndicator, PayloadFormatIndicator);
        Four(ref w, MqttPropertyId.MessageExpiryInterval, MessageExpiryInterval);
        Str(ref w, MqttPropertyId.ContentType, ContentType);
        Str(ref w, MqttPropertyId.ResponseTopic, ResponseTopic);
        Str(ref w, MqttPropertyId.CorrelationData, CorrelationData);
        if (SubscriptionIdentifier is { } id)
        {
            w.WriteByte((byte)MqttPropertyId.SubscriptionIdentifier);
            w.WriteVariableByteInteger(id);
        }

        Four(ref w, MqttPropertyId.SessionExpiryInterval, SessionExpiryInterval);
        Str(ref w, MqttPropertyId.AssignedClientIdentifier, AssignedClientIdentifier);
        Two(ref w, MqttPropertyId.ServerKeepAlive, ServerKeepAlive);
        Str(ref w, MqttPropertyId.AuthenticationMethod, AuthenticationMethod);
        Str(ref w, MqttPropertyId.AuthenticationData, AuthenticationData);
        Byte(ref w, MqttPropertyId.RequestProblemInformation, RequestProblemInformation);
        Four(ref w, MqttPropertyId.WillDelayInterval, WillDelayInterval);
        Byte(ref w, MqttPropertyId.RequestResponseInformation, RequestResponseInformation);
        Str(ref w, MqttPropertyId.ResponseInformation, ResponseInformation);
        Str(ref w, MqttPropertyId.ServerReference, ServerReference);
        Str(ref w, MqttPropertyId.ReasonString, ReasonString);
        Two(ref w, MqttPropertyId.ReceiveMaximum, ReceiveMaximum);
        Two(ref w, MqttPropertyId.TopicAliasMaximum, TopicAliasMaximum);
        Two(ref w, MqttPropertyId.TopicAlias, TopicAlias);
        Byte(ref w, MqttPropertyId.MaximumQos, MaximumQos);
        Byte(ref w, MqttPropertyId.RetainAvailable, RetainAvailable);
        MqttUserProperties.WriteEntries(ref w, UserProperties);
        Four(ref w, MqttPropertyId.MaximumPacketSize, MaximumPacketSize);
        Byte(ref w, MqttPropertyId.WildcardSubscriptionAvailable, WildcardSubscriptionAvailable);
        Byte(ref w, MqttPropertyId.SubscriptionIdentifierAvailable, SubscriptionIdentifierAvailable);
        Byte(ref w, MqttPropertyId.SharedSubscriptionAvailable, SharedSubscriptionAvailable);

        static void Byte(ref MqttSpanWriter w, MqttPropertyId id, byte? v)
        {
            if (v is { } x)
            {
                w.WriteByte((byte)id);
                w.WriteByte(x);
            }
        }

        static void Two(ref MqttSpanWriter w, MqttPropertyId id, ushort? v)
        {
            if (v is { } x)
            {
                w.WriteByte((byte)id);
                w.WriteUInt16(x);
            }
        }

        static void Four(ref MqttSpanWriter w, MqttPropertyId id, uint? v)
        {
            if (v is { } x)
            {
                w.WriteByte((byte)id);
                w.WriteUInt32(x);
            }
        }

        static void Str(ref MqttSpanWriter w, MqttPropertyId id, ReadOnlySpan<byte> v)
        {
            if (!v.IsEmpty)
            {
                w.WriteByte((byte)id);
                w.WriteBinary(v);
            }
        }
    }
}
