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
/// In StoreAck mode, records the broker acknowledged but the operations centre has not confirmed within
/// <see cref="BrokerOptions.StoreAckTimeout"/> are published again from the first unconfirmed one, in order, with the
/// wait doubling after each re-send (up to <see cref="BrokerOptions.StoreAckMaxBackoff"/>); they stay in the outbox
/// until a store acknowledgement covers them. A re-published record carries the MQTT 5 user property
/// <c>redelivery: true</c> (3.1.1 has no place for it; the record's <c>seq</c> identifies the duplicate either way).
/// </summary>
internal sealed class DetectionPublisher : IDisposable
{
    private static readonly TimeSpan BacklogAge = TimeSpan.FromSeconds(5);
    private static readonly MqttPublishProperties Redelivery = new() { UserProperties = [new("redelivery", "true")] };

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
    private long _highestPublished;
    private long _storeAckChecks;

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

    /// <summary>How many times the StoreAck re-send timer has looked (tests wait on it instead of on wall time).</summary>
    internal long StoreAckChecks => Interlocked.Read(ref _storeAckChecks);

    /// <summary>Rewinds to the first unacknowledged record (after a reconnect without session, in StoreAck mode).</summary>
    public void RequestRewind()
    {
        _rewind = true;
        Wake();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var acks = Task.Run(() => AcknowledgeInOrderAsync(cancellationToken), CancellationToken.None);
        var resends = _options.Broker.AckMode == AckMode.StoreAck ? ResendUnstoredAsync(cancellationToken) : Task.CompletedTask;
        try
        {
            await PublishLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Writer.TryComplete();
            await acks.ConfigureAwait(false);
            await Quietly(resends).ConfigureAwait(false);
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
            // Published before (a rewind: refused, reconnect without session, or no store ack in time): say so.
            var redelivery = sequence <= _highestPublished;
            _highestPublished = Math.Max(_highestPublished, sequence);
            var ack = _client.PublishAsync(_topic, buffer.WrittenSpan.ToArray(), qos, retain: false, redelivery ? Redelivery : null, cancellationToken).AsTask();
            _counters.Add("detections_published");
            if (redelivery)
            {
                _counters.Add("detections_redelivered");
            }

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

    /// <summary>
    /// StoreAck mode: the re-send timer. A record is outstanding once the broker acknowledged it and no store ack covers
    /// it; the clock starts when the timer first sees it outstanding (so it never fires early), restarts on any store-ack
    /// progress, and after a re-send waits twice as long (bounded). Times come from the gateway's monotonic clock.
    /// </summary>
    private async Task ResendUnstoredAsync(CancellationToken cancellationToken)
    {
        var timeout = _options.Broker.StoreAckTimeout;
        var period = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 8, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond));
        using var timer = new PeriodicTimer(period);
        var wait = timeout;
        var stored = _outbox.GetStats().AckedSequence;
        long? since = null;
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = _clock.MonotonicNs();
            var acked = _outbox.GetStats().AckedSequence;
            var outstanding = BrokerAcknowledged > acked;
            if (acked != stored)
            {
                // Progress: the operations centre is storing; what is still unconfirmed gets a fresh, full timeout.
                stored = acked;
                wait = timeout;
                since = outstanding ? now : null;
            }
            else if (!outstanding)
            {
                since = null;
            }
            else if (since is null)
            {
                since = now;
            }
            else if (now - since.Value >= (long)wait.TotalNanoseconds && _client.IsConnected)
            {
                // While disconnected the reconnect path re-sends (rewind without session); the timer just keeps running.
                _counters.Add("detections_store_ack_resends");
                RequestRewind();
                since = now;
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _options.Broker.StoreAckMaxBackoff.Ticks));
            }

            Interlocked.Increment(ref _storeAckChecks);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }
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
