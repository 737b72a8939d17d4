using System.Buffers;
using System.Threading.Channels;
using Telemetry.Gateway.Configuration;
using Telemetry.Gateway.Outbox;
using Telemetry.Mqtt;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// Outbox → MQTT. Reads durable records in sequence order and publishes them at QoS 1 (or 2) with a bounded window;
/// acknowledgements are applied to the outbox cumulatively and in order, so a record leaves the disk only after the
/// broker's PUBACK (or, with AckMode StoreAck, after the operations centre's store acknowledgement on the ack topic).
/// A backlog (records older than <see cref="BacklogAge"/>) drains at a bounded rate so it never saturates the link
/// that live telemetry shares; a refused publish rewinds to the first unacknowledged record and retries with backoff.
/// </summary>
internal sealed class DetectionPublisher : IDisposable
{
    private static readonly TimeSpan BacklogAge = TimeSpan.FromSeconds(5);

    private readonly SegmentedOutbox _outbox;
    private readonly MqttClient _client;
    private readonly GatewayOptions _options;
    private readonly GatewayCounters _counters;
    private readonly GatewayClock _clock;
    private readonly MqttTopicName _topic;
    private readonly SemaphoreSlim _window;
    private readonly SemaphoreSlim _durable = new(0, 1);
    private readonly Channel<(long Sequence, Task<MqttReasonCode> Ack)> _inFlight =
        Channel.CreateUnbounded<(long, Task<MqttReasonCode>)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private volatile bool _rewind;
    private long _nextBacklogTicks;

    public DetectionPublisher(SegmentedOutbox outbox, MqttClient client, GatewayOptions options, GatewayCounters counters, GatewayClock clock)
    {
        _outbox = outbox;
        _client = client;
        _options = options;
        _counters = counters;
        _clock = clock;
        _topic = new MqttTopicName(options.TopicRoot + "/detections");
        _window = new SemaphoreSlim(options.Broker.Window, options.Broker.Window);
        _outbox.RecordsDurable += Wake;
    }

    public void Dispose()
    {
        _outbox.RecordsDurable -= Wake;
        _window.Dispose();
        _durable.Dispose();
    }

    /// <summary>Highest sequence the broker acknowledged (PUBACK), whatever the ack mode.</summary>
    public long BrokerAcknowledged { get; private set; }

    /// <summary>Rewinds to the first unacknowledged record (after a reconnect without session, in StoreAck mode).</summary>
    public void RequestRewind()
    {
        _rewind = true;
        Wake();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var acks = Task.Run(() => AcknowledgeInOrderAsync(cancellationToken), CancellationToken.None);
        try
        {
            await PublishLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Writer.TryComplete();
            await acks.ConfigureAwait(false);
        }
    }

    private async Task PublishLoopAsync(CancellationToken cancellationToken)
    {
        var cursor = _outbox.OpenCursor();
        var buffer = new ArrayBufferWriter<byte>(2048);
        var qos = _options.Broker.DetectionQos == 2 ? MqttQos.ExactlyOnce : MqttQos.AtLeastOnce;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (_rewind)
            {
                await DrainWindowAsync(cancellationToken).ConfigureAwait(false);
                _rewind = false;
                _outbox.Rewind(cursor);
                _counters.Add("detections_rewinds");
            }

            await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
            buffer.ResetWrittenCount();
            if (_rewind || !_outbox.TryRead(cursor, buffer, out var sequence, out var timestampMs))
            {
                _window.Release();
                await _durable.WaitAsync(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
                continue;
            }

            await PaceBacklogAsync(timestampMs, cancellationToken).ConfigureAwait(false);
            var ack = _client.PublishAsync(_topic, buffer.WrittenSpan.ToArray(), qos, retain: false, properties: null, cancellationToken).AsTask();
            _counters.Add("detections_published");
            _inFlight.Writer.TryWrite((sequence, ack));
        }
    }

    private async Task PaceBacklogAsync(long timestampMs, CancellationToken cancellationToken)
    {
        var now = _clock.Utc.GetUtcNow();
        if (now.ToUnixTimeMilliseconds() - timestampMs < BacklogAge.TotalMilliseconds)
        {
            return;
        }

        _counters.Add("detections_backlog_published");
        var interval = TimeSpan.TicksPerSecond / _options.Broker.BacklogRatePerSecond;
        var wait = _nextBacklogTicks - Environment.TickCount64 * TimeSpan.TicksPerMillisecond;
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromTicks(wait), cancellationToken).ConfigureAwait(false);
        }

        _nextBacklogTicks = Math.Max(_nextBacklogTicks, Environment.TickCount64 * TimeSpan.TicksPerMillisecond) + interval;
    }

    private async Task DrainWindowAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _options.Broker.Window; i++)
        {
            await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        _window.Release(_options.Broker.Window);
    }

    private async Task AcknowledgeInOrderAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        await foreach (var (sequence, ack) in _inFlight.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            MqttReasonCode reason;
            try
            {
                reason = await ack.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or MqttConnectException or IOException)
            {
                // Shutdown or a client failure: the record stays in the outbox and is replayed next time.
                _counters.Add("detections_publish_failed");
                _window.Release();
                continue;
            }

            _window.Release();
            if (reason is MqttReasonCode.Success or MqttReasonCode.NoMatchingSubscribers)
            {
                BrokerAcknowledged = Math.Max(BrokerAcknowledged, sequence);
                _counters.Add("detections_acknowledged");
                if (_options.Broker.AckMode == AckMode.Puback)
                {
                    _outbox.Acknowledge(sequence);
                }

                backoff = TimeSpan.FromSeconds(1);
                continue;
            }

            // The broker refused it (e.g. not authorised, quota): never drop a detection; retry from the first
            // unacknowledged record after a growing pause, and count it so the refusal is visible.
            _counters.Add("detections_refused_by_broker");
            if (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    continue;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
                RequestRewind();
            }
        }
    }

    private void Wake()
    {
        if (_durable.CurrentCount == 0)
        {
            try
            {
                _durable.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread woke it first; one pending wake-up is all that is needed.
            }
        }
    }
}
