namespace Telemetry.Mqtt.Broker.Sessions;

/// <summary>
/// One application message as the broker routes it: created once per incoming PUBLISH and shared, read-only, by every
/// session it is delivered to, the retained store and the persistence snapshot.
/// </summary>
internal sealed class BrokerMessage
{
    public required string Topic { get; init; }

    /// <summary>The topic as received (UTF-8), kept so each delivery encodes it without transcoding.</summary>
    public byte[] TopicUtf8 => _topicUtf8 ??= System.Text.Encoding.UTF8.GetBytes(Topic);

    private byte[]? _topicUtf8;

    /// <summary>Sets <see cref="TopicUtf8"/> from the received bytes.</summary>
    public byte[] TopicBytes { init => _topicUtf8 = value; }

    public required ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>QoS the publisher sent it with; each delivery is downgraded to the subscription's maximum.</summary>
    public byte Qos { get; init; }

    public bool Retain { get; init; }

    /// <summary>MQTT 5.0 §3.3.2.3.3: absolute wall-clock deadline in Unix milliseconds, 0 for none (survives restarts).</summary>
    public long ExpiresAtUnixMs { get; init; }

    /// <summary>MQTT 5.0 publication properties forwarded unaltered (§3.3.2.3); null for a 3.1.1 publish.</summary>
    public MessageProperties? Properties { get; init; }

    /// <summary>Client that published it (for no-local); null for $SYS and wills of forgotten sessions.</summary>
    public string? PublisherClientId { get; init; }

    public bool IsExpired(long nowUnixMs) => ExpiresAtUnixMs != 0 && nowUnixMs >= ExpiresAtUnixMs;

    /// <summary>Seconds left to send in the forwarded Message Expiry Interval (§3.3.2.3.3: "lifetime minus time waited").</summary>
    public uint RemainingExpirySeconds(long nowUnixMs) =>
        ExpiresAtUnixMs == 0 ? 0 : (uint)Math.Max(1, (ExpiresAtUnixMs - nowUnixMs + 999) / 1000);

    public BrokerMessage WithRetain(bool retain) => retain == Retain ? this : new BrokerMessage
    {
        Topic = Topic,
        TopicBytes = TopicUtf8,
        Payload = Payload,
        Qos = Qos,
        Retain = retain,
        ExpiresAtUnixMs = ExpiresAtUnixMs,
        Properties = Properties,
        PublisherClientId = PublisherClientId,
    };
}

/// <summary>The MQTT 5.0 PUBLISH properties a broker forwards to subscribers (§3.3.2.3).</summary>
internal sealed class MessageProperties
{
    public byte? PayloadFormatIndicator { get; init; }

    /// <summary>UTF-8 bytes as received; forwarded unaltered.</summary>
    public byte[]? ContentType { get; init; }

    /// <summary>UTF-8 bytes as received.</summary>
    public byte[]? ResponseTopic { get; init; }

    public byte[]? CorrelationData { get; init; }

    /// <summary>The encoded user-property entries as received (§3.3.2.3.7: forwarded unaltered, in order).</summary>
    public byte[]? UserProperties { get; init; }
}
