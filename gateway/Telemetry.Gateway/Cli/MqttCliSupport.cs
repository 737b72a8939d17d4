using System.Text;
using Telemetry.Mqtt;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Gateway.Cli;

/// <summary>
/// Keeps many publishes in flight (the client's window does the pacing) while bounding how many the CLI tracks,
/// and counts broker refusals.
/// </summary>
internal sealed class PipelinedPublisher(MqttClient client, MqttTopicName topic, MqttQos qos, bool retain)
{
    private readonly Queue<Task<MqttReasonCode>> _pending = new();

    public int Sent { get; private set; }

    public int Refused { get; private set; }

    public async Task PublishAsync(byte[] payload, CancellationToken cancellationToken)
    {
        _pending.Enqueue(client.PublishAsync(topic, payload, qos, retain, null, cancellationToken).AsTask());
        Sent++;
        // Never track more than the window: the next publish then always finds a free slot (the allocation-free fast
        // path), and the oldest has usually been acknowledged already in the same batch of PUBACKs.
        while (_pending.Count >= client.Options.MaxInFlight)
        {
            Count(await _pending.Dequeue());
        }
    }

    /// <summary>Waits for every acknowledgement; returns (published, refused).</summary>
    public async Task<(int Sent, int Refused)> CompleteAsync()
    {
        while (_pending.TryDequeue(out var task))
        {
            Count(await task);
        }

        return (Sent, Refused);
    }

    private void Count(MqttReasonCode code)
    {
        if (MqttReasonCodes.IsError(code))
        {
            Refused++;
        }
    }
}

/// <summary>Prints "topic payload" lines from the receive loop and signals when --count messages arrived.</summary>
internal sealed class LinePrinter(Stream output, int count)
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _received;

    public Task Done => _done.Task;

    public void Print(in MqttPublish message)
    {
        lock (_lock)
        {
            if (count > 0 && _received >= count)
            {
                return;
            }

            output.Write(message.Topic);
            output.WriteByte((byte)' ');
            output.Write(message.Payload);
            output.WriteByte((byte)'\n');
            _received++;
            if (count == 0)
            {
                // Open-ended: someone is watching, print as it comes.
                output.Flush();
            }
            else if (_received == count)
            {
                output.Flush();
                _done.TrySetResult();
            }
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            output.Flush();
        }
    }
}
