using System.Text;
using Telemetry.Mqtt;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Gateway.Cli;

/// <summary>
/// Publishes one message per input line the way a bulk sender should: lines are cut straight out of a large read
/// buffer (no string, no array per line), queued with <see cref="MqttClient.EnqueueAsync"/> (no await per
/// acknowledgement, so the whole in-flight window stays busy) and flushed once per buffer (a few large writes
/// instead of one per message). The client's window and write buffer supply the back-pressure.
/// </summary>
internal sealed class LinePublisher(MqttClient client, MqttTopicName topic, MqttQos qos, bool retain)
{
    /// <summary>Longest line accepted (a hard cap: the buffer grows to hold one line, never further).</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    private const int ReadSize = 256 * 1024;

    /// <summary>Lines published.</summary>
    public long Sent { get; private set; }

    /// <summary>Publishes every line of <paramref name="input"/> ('\n' or "\r\n" separated; a last line without newline counts).</summary>
    public async Task PublishLinesAsync(Stream input, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReadSize];
        int start = 0, scanned = 0, end = 0;
        while (true)
        {
            if (end == buffer.Length)
            {
                buffer = MakeRoom(buffer, ref start, ref scanned, ref end);
            }

            var read = await input.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
            {
                break;
            }

            end += read;
            int newline;
            while ((newline = buffer.AsSpan(scanned, end - scanned).IndexOf((byte)'\n')) >= 0)
            {
                var lineEnd = scanned + newline;
                await PublishAsync(buffer, start, lineEnd, cancellationToken);
                start = scanned = lineEnd + 1;
            }

            scanned = end;
            await client.FlushAsync(cancellationToken);
        }

        if (end > start)
        {
            await PublishAsync(buffer, start, end, cancellationToken);
        }

        await client.FlushAsync(cancellationToken);
    }

    private ValueTask PublishAsync(byte[] buffer, int start, int end, CancellationToken cancellationToken)
    {
        if (end > start && buffer[end - 1] == (byte)'\r')
        {
            end--;
        }

        Sent++;
        return client.EnqueueAsync(topic, buffer.AsMemory(start, end - start), qos, retain, null, cancellationToken);
    }

    // Moves the unfinished line to the front, or doubles the buffer when one line fills it (up to the cap).
    private static byte[] MakeRoom(byte[] buffer, ref int start, ref int scanned, ref int end)
    {
        var pending = end - start;
        var target = buffer;
        if (pending > buffer.Length / 2)
        {
            if (buffer.Length >= MaxLineBytes)
            {
                throw new InvalidDataException($"an input line is longer than {MaxLineBytes / (1024 * 1024)} MiB; split it or send it as a file payload");
            }

            target = new byte[Math.Min(buffer.Length * 2, MaxLineBytes)];
        }

        Buffer.BlockCopy(buffer, start, target, 0, pending);
        scanned -= start;
        end = pending;
        start = 0;
        return target;
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
