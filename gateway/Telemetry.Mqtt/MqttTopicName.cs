using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt;

/// <summary>
/// A topic name validated and encoded once, so publishing to it allocates nothing. Also remembers the topic alias
/// given to it on the current connection (MQTT 5.0 §3.3.2.3.4).
/// </summary>
public sealed class MqttTopicName
{
    /// <summary>Validates and encodes <paramref name="topic"/>; throws <see cref="ArgumentException"/> for wildcards or bad UTF-8.</summary>
    public MqttTopicName(string topic)
    {
        Name = topic;
        Utf8 = MqttUtf8.Encode(topic, nameof(topic));
        if (!MqttTopic.IsValidName(Utf8.Span))
        {
            throw new ArgumentException($"'{topic}' is not a valid MQTT topic name: it must be non-empty and contain no '+' or '#'.", nameof(topic));
        }
    }

    /// <summary>The topic as given.</summary>
    public string Name { get; }

    /// <summary>The topic as UTF-8 bytes.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    // Alias on connection number AliasEpoch; a new connection starts a new epoch, so stale aliases are never used.
    internal ushort Alias { get; set; }

    internal long AliasEpoch { get; set; }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// MQTT 5.0 properties for a PUBLISH, encoded once and reusable across messages (ignored for 3.1.1).
/// </summary>
public sealed class MqttPublishProperties
{
    /// <summary>Payload is UTF-8 text (Payload Format Indicator 1).</summary>
    public bool PayloadIsUtf8 { get; init; }

    /// <summary>Message Expiry Interval in seconds, or null.</summary>
    public uint? MessageExpiryInterval { get; init; }

    /// <summary>Content Type, e.g. "application/json".</summary>
    public string? ContentType
    {
        get => _contentType;
        init
        {
            _contentType = value;
            ContentTypeUtf8 = value is null ? null : MqttUtf8.Encode(value, nameof(ContentType));
        }
    }

    /// <summary>Response Topic for request/response.</summary>
    public MqttTopicName? ResponseTopic { get; init; }

    /// <summary>Correlation Data for request/response.</summary>
    public ReadOnlyMemory<byte> CorrelationData { get; init; }

    /// <summary>User properties (name, value).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? UserProperties
    {
        get => _userProperties;
        init
        {
            _userProperties = value;
            if (value is { Count: > 0 })
            {
                var block = new System.Buffers.ArrayBufferWriter<byte>();
                foreach (var (name, text) in value)
                {
                    MqttUserProperties.Append(block, MqttUtf8.Encode(name, nameof(UserProperties)), MqttUtf8.Encode(text, nameof(UserProperties)));
                }

                UserPropertiesBlock = block.WrittenMemory.ToArray();
            }
        }
    }

    internal byte[]? ContentTypeUtf8 { get; private set; }

    internal byte[]? UserPropertiesBlock { get; private set; }

    private readonly string? _contentType;
    private readonly IReadOnlyList<KeyValuePair<string, string>>? _userProperties;

    internal MqttProperties ToProperties() => new()
    {
        PayloadFormatIndicator = PayloadIsUtf8 ? (byte)1 : null,
        MessageExpiryInterval = MessageExpiryInterval,
        ContentType = ContentTypeUtf8,
        ResponseTopic = ResponseTopic is null ? default : ResponseTopic.Utf8.Span,
        CorrelationData = CorrelationData.Span,
        UserProperties = UserPropertiesBlock,
    };
}
