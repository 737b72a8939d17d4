using System.Collections.Concurrent;
using System.Text;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt.Tests.Client;

/// <summary>Collects what a subscribing client receives, and waits for conditions on it (never sleeps).</summary>
internal sealed class Receiver : IDisposable
{
    private readonly ConcurrentQueue<Received> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyCollection<Received> Messages => _messages;

    public void Handle(in MqttPublish message)
    {
        var users = new List<KeyValuePair<string, string>>();
        foreach (var up in message.Properties.EnumerateUserProperties())
        {
            users.Add(new(Encoding.UTF8.GetString(up.Name), Encoding.UTF8.GetString(up.Value)));
        }

        _messages.Enqueue(new Received(
            Encoding.UTF8.GetString(message.Topic),
            Encoding.UTF8.GetString(message.Payload),
            message.Qos,
            message.Retain,
            message.Dup,
            Encoding.UTF8.GetString(message.Properties.ContentType),
            Encoding.UTF8.GetString(message.Properties.ResponseTopic),
            message.Properties.CorrelationData.ToArray(),
            message.Properties.MessageExpiryInterval,
            users));
        _arrived.Release();
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking on every arrival; false on timeout.</summary>
    public async Task<bool> WaitUntilAsync(Func<IReadOnlyCollection<Received>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Messages))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                return condition(Messages);
            }
        }

        return true;
    }

    public Task<bool> WaitForCountAsync(int count, TimeSpan timeout) => WaitUntilAsync(m => m.Count >= count, timeout);

    public void Dispose() => _arrived.Dispose();
}

internal sealed record Received(
    string Topic,
    string Payload,
    MqttQos Qos,
    bool Retain,
    bool Dup,
    string ContentType,
    string ResponseTopic,
    byte[] CorrelationData,
    uint? MessageExpiry,
    List<KeyValuePair<string, string>> UserProperties);
