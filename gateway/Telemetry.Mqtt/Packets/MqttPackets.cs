namespace Telemetry.Mqtt.Packets;

// Packet views shared by the decoder (filled with spans into the received bytes) and the encoder (filled by the
// caller). Field layouts: MQTT 3.1.1 §3 and MQTT 5.0 §3; properties are ignored for 3.1.1.

/// <summary>CONNECT (§3.1).</summary>
public ref struct MqttConnect
{
    /// <summary>Protocol level.</summary>
    public MqttProtocolVersion ProtocolVersion { get; set; }

    /// <summary>Clean Start (5.0) / Clean Session (3.1.1).</summary>
    public bool CleanStart { get; set; }

    /// <summary>Keep alive, seconds; 0 disables.</summary>
    public ushort KeepAlive { get; set; }

    /// <summary>CONNECT properties (5.0).</summary>
    public MqttProperties Properties { get; set; }

    /// <summary>Client identifier (may be empty).</summary>
    public ReadOnlySpan<byte> ClientId { get; set; }

    /// <summary>Whether a Will message is present.</summary>
    public bool HasWill { get; set; }

    /// <summary>Will QoS.</summary>
    public MqttQos WillQos { get; set; }

    /// <summary>Will retain flag.</summary>
    public bool WillRetain { get; set; }

    /// <summary>Will properties (5.0), including the Will Delay Interval.</summary>
    public MqttProperties WillProperties { get; set; }

    /// <summary>Will topic.</summary>
    public ReadOnlySpan<byte> WillTopic { get; set; }

    /// <summary>Will payload.</summary>
    public ReadOnlySpan<byte> WillPayload { get; set; }

    /// <summary>Whether a user name is present.</summary>
    public bool HasUserName { get; set; }

    /// <summary>User name.</summary>
    public ReadOnlySpan<byte> UserName { get; set; }

    /// <summary>Whether a password is present.</summary>
    public bool HasPassword { get; set; }

    /// <summary>Password (binary data).</summary>
    public ReadOnlySpan<byte> Password { get; set; }
}

/// <summary>CONNACK (§3.2). For 3.1.1 the return code is mapped onto <see cref="ReasonCode"/>.</summary>
public ref struct MqttConnAck
{
    /// <summary>Session Present flag.</summary>
    public bool SessionPresent { get; set; }

    /// <summary>Connect reason code.</summary>
    public MqttReasonCode ReasonCode { get; set; }

    /// <summary>CONNACK properties (5.0).</summary>
    public MqttProperties Properties { get; set; }
}

/// <summary>PUBLISH (§3.3).</summary>
public ref struct MqttPublish
{
    /// <summary>DUP flag: a re-delivery of an earlier attempt.</summary>
    public bool Dup { get; set; }

    /// <summary>QoS level.</summary>
    public MqttQos Qos { get; set; }

    /// <summary>RETAIN flag.</summary>
    public bool Retain { get; set; }

    /// <summary>Topic name (empty in 5.0 when a topic alias stands for it).</summary>
    public ReadOnlySpan<byte> Topic { get; set; }

    /// <summary>Packet identifier; only for QoS 1 and 2.</summary>
    public ushort PacketId { get; set; }

    /// <summary>PUBLISH properties (5.0).</summary>
    public MqttProperties Properties { get; set; }

    /// <summary>Application message.</summary>
    public ReadOnlySpan<byte> Payload { get; set; }
}

/// <summary>PUBACK, PUBREC, PUBREL or PUBCOMP (§3.4–3.7).</summary>
public ref struct MqttPublishAck
{
    /// <summary>Which of the four.</summary>
    public MqttPacketType Type { get; set; }

    /// <summary>Packet identifier being acknowledged.</summary>
    public ushort PacketId { get; set; }

    /// <summary>Reason code (always success for 3.1.1).</summary>
    public MqttReasonCode ReasonCode { get; set; }

    /// <summary>Properties (5.0).</summary>
    public MqttProperties Properties { get; set; }
}

/// <summary>One subscription of a SUBSCRIBE (§3.8.3).</summary>
public readonly ref struct MqttSubscription
{
    /// <summary>Creates a subscription request entry.</summary>
    public MqttSubscription(ReadOnlySpan<byte> filter, MqttQos qos, bool noLocal = false, bool retainAsPublished = false,
        MqttRetainHandling retainHandling = MqttRetainHandling.SendAtSubscribe)
    {
        Filter = filter;
        Qos = qos;
        NoLocal = noLocal;
        RetainAsPublished = retainAsPublished;
        RetainHandling = retainHandling;
    }

    /// <summary>Topic filter.</summary>
    public ReadOnlySpan<byte> Filter { get; }

    /// <summary>Maximum QoS.</summary>
    public MqttQos Qos { get; }

    /// <summary>No Local (5.0).</summary>
    public bool NoLocal { get; }

    /// <summary>Retain As Published (5.0).</summary>
    public bool RetainAsPublished { get; }

    /// <summary>Retain Handling (5.0).</summary>
    public MqttRetainHandling RetainHandling { get; }

    /// <summary>The subscription options byte (§3.8.3.1).</summary>
    public byte OptionsByte => (byte)((byte)Qos | (NoLocal ? 0x04 : 0) | (RetainAsPublished ? 0x08 : 0) | ((byte)RetainHandling << 4));
}

/// <summary>SUBSCRIBE (§3.8). Entries are kept encoded; enumerate them with <see cref="GetEnumerator"/>.</summary>
public ref struct MqttSubscribe
{
    /// <summary>Packet identifier.</summary>
    public ushort PacketId { get; set; }

    /// <summary>Properties (5.0): subscription identifier, user properties.</summary>
    public MqttProperties Properties { get; set; }

    /// <summary>Encoded payload: (filter, options) entries, already validated.</summary>
    public ReadOnlySpan<byte> Entries { get; set; }

    /// <summary>Enumerates the subscriptions.</summary>
    public readonly MqttSubscriptionEnumerator GetEnumerator() => new(Entries, hasOptions: true);
}

/// <summary>UNSUBSCRIBE (§3.10). Filters are kept encoded; enumerate them with <see cref="GetEnumerator"/>.</summary>
public ref struct MqttUnsubscribe
{
    /// <summary>Packet identifier.</summary>
    public ushort PacketId { get; set; }

    /// <summary>Properties (5.0).</summary>
    public MqttProperties Properties { get; set; }

    /// <summary>Encoded payload: filter strings, already validated.</summary>
    public ReadOnlySpan<byte> Entries { get; set; }

    /// <summary>Enumerates the filters (options are zero).</summary>
    public readonly MqttSubscriptionEnumerator GetEnumerator() => new(Entries, hasOptions: false);
}

/// <summary>SUBACK or UNSUBACK (§3.9, §3.11): one reason code per requested filter.</summary>
public ref struct MqttSubAck
{
    /// <summary>SUBACK or UNSUBACK.</summary>
    public MqttPacketType Type { get; set; }

    /// <summary>Packet identifier.</summary>
    public ushort PacketId { get; set; }

    /// <summary>Properties (5.0).</summary>
    public MqttProperties Properties { get; set; }

    /// <summary>Reason codes, one byte each (empty for a 3.1.1 UNSUBACK).</summary>
    public ReadOnlySpan<byte> ReasonCodes { get; set; }
}

/// <summary>DISCONNECT (§3.14) or AUTH (§3.15).</summary>
public ref struct MqttDisconnect
{
    /// <summary>DISCONNECT or AUTH.</summary>
    public MqttPacketType Type { get; set; }

    /// <summary>Reason code.</summary>
    public MqttReasonCode ReasonCode { get; set; }

    /// <summary>Properties (5.0).</summary>
    public MqttProperties Properties { get; set; }
}

/// <summary>Walks validated SUBSCRIBE / UNSUBSCRIBE entries.</summary>
public ref struct MqttSubscriptionEnumerator
{
    private MqttReader _reader;
    private readonly bool _hasOptions;

    internal MqttSubscriptionEnumerator(ReadOnlySpan<byte> entries, bool hasOptions)
    {
        _reader = new MqttReader(entries);
        _hasOptions = hasOptions;
        Current = default;
    }

    /// <summary>The current entry.</summary>
    public MqttSubscription Current { get; private set; }

    /// <summary>For foreach.</summary>
    public readonly MqttSubscriptionEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next entry.</summary>
    public bool MoveNext()
    {
        if (_reader.Remaining == 0 || !_reader.TryReadBinary(out var filter))
        {
            return false;
        }

        byte options = 0;
        if (_hasOptions && !_reader.TryReadByte(out options))
        {
            return false;
        }

        Current = new MqttSubscription(filter, (MqttQos)(options & 3), (options & 0x04) != 0, (options & 0x08) != 0,
            (MqttRetainHandling)((options >> 4) & 3));
        return true;
    }
}
