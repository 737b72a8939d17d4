using Telemetry.Mqtt.Broker.Routing;

namespace Telemetry.Mqtt.Broker.Sessions;

/// <summary>
/// Retained messages by topic (MQTT 5.0 §3.3.1.3): one per topic, replaced by a newer retained publish, removed by a
/// retained publish with an empty payload. Bounded in count; not thread-safe (used under the routing lock).
/// </summary>
internal sealed class RetainedStore
{
    private readonly Dictionary<string, BrokerMessage> _byTopic = new(StringComparer.Ordinal);
    private readonly int _maxMessages;

    public RetainedStore(int maxMessages) => _maxMessages = maxMessages;

    public int Count => _byTopic.Count;

    /// <summary>Retained publishes refused because the store was full.</summary>
    public long Refused { get; private set; }

    public IEnumerable<BrokerMessage> All => _byTopic.Values;

    /// <summary>Stores or clears the retained message of its topic; false when the store is full.</summary>
    public bool Set(BrokerMessage message)
    {
        if (message.Payload.IsEmpty)
        {
            _byTopic.Remove(message.Topic);
            return true;
        }

        if (!_byTopic.ContainsKey(message.Topic) && _byTopic.Count >= _maxMessages)
        {
            Refused++;
            return false;
        }

        _byTopic[message.Topic] = message;
        return true;
    }

    /// <summary>Unexpired retained messages whose topic matches <paramref name="filter"/>, dropping expired ones on the way.</summary>
    public List<BrokerMessage> Match(string filter, long nowUnixMs)
    {
        var result = new List<BrokerMessage>();
        List<string>? expired = null;
        foreach (var (topic, message) in _byTopic)
        {
            if (message.IsExpired(nowUnixMs))
            {
                (expired ??= []).Add(topic);
            }
            else if (TopicFilter.Matches(filter, topic))
            {
                result.Add(message);
            }
        }

        foreach (var topic in expired ?? [])
        {
            _byTopic.Remove(topic);
        }

        return result;
    }
}
