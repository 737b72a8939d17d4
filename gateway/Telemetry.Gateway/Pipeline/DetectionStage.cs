using System.Threading.Channels;
using Telemetry.Gateway.Outbox;
using Telemetry.Geo.Detections;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// Geotag → outbox. Detections wait (in arrival order) until the GNSS epoch after their event time exists, so the
/// position is interpolated — unless extrapolating from the newest fix adds at most Geotag:ExtrapolateWithinM (slow
/// platforms), in which case they go at once and the record says "extrapolated"; after <see cref="_holdNs"/> they are geotagged anyway and the record says how stale the
/// fix is. Each record is serialised with the outbox's sequence (the per-rig sequence) and is on disk, per the fsync
/// policy, before anything publishes it. Runs on one dedicated thread: the outbox append may block (Block policy).
/// A new GNSS epoch wakes it (<see cref="Wake"/>), so a waiting detection is stored as soon as its epoch exists
/// rather than at the next 20 ms tick (the tick remains as the hold-timeout check and a fallback).
/// </summary>
internal sealed class DetectionStage(
    ChannelReader<PendingDetection> input,
    SegmentedOutbox outbox,
    DetectionRecordWriter writer,
    GatewayClock clock,
    GatewayCounters counters,
    TimeSpan hold)
{
    private readonly long _holdNs = (long)hold.TotalNanoseconds;
    private readonly Queue<PendingDetection> _waiting = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _holding;

    /// <summary>Raised after a detection is durable in the outbox (demo view, latency probes).</summary>
    public event Action<GeotaggedDetection>? Stored;

    /// <summary>A GNSS epoch was added to some track: re-check the waiting detections now (any thread; cheap when none wait).</summary>
    public void Wake()
    {
        if (_holding)
        {
            Volatile.Read(ref _wake).TrySetResult();
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var reading = input.WaitToReadAsync(cancellationToken).AsTask();
        var ticking = tick.WaitForNextTickAsync(cancellationToken).AsTask();
        var waking = Volatile.Read(ref _wake).Task;
        while (true)
        {
            var done = await Task.WhenAny(reading, ticking, waking).ConfigureAwait(false);
            if (done == waking)
            {
                // A wake-up lost between this exchange and the next Drain is caught by the tick.
                Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                waking = _wake.Task;
            }
            else if (done == reading)
            {
                if (!await reading.ConfigureAwait(false))
                {
                    break;
                }

                while (input.TryRead(out var pending))
                {
                    _waiting.Enqueue(pending);
                }

                reading = input.WaitToReadAsync(cancellationToken).AsTask();
            }
            else
            {
                if (!await ticking.ConfigureAwait(false))
                {
                    break;
                }

                ticking = tick.WaitForNextTickAsync(cancellationToken).AsTask();
            }

            Drain(force: false, cancellationToken);
            _holding = _waiting.Count > 0;
        }
    }

    /// <summary>Geotags and stores whatever is waiting (shutdown: everything, positions as they stand).</summary>
    public void Flush(CancellationToken cancellationToken)
    {
        while (input.TryRead(out var pending))
        {
            _waiting.Enqueue(pending);
        }

        Drain(force: true, cancellationToken);
    }

    private void Drain(bool force, CancellationToken cancellationToken)
    {
        var now = clock.MonotonicNs();
        while (_waiting.TryPeek(out var next))
        {
            bool ready;
            lock (next.Gnss.Gate)
            {
                // Interpolate when the epoch after the event exists; when it does not yet, extrapolate at once if that
                // costs at most Geotag:ExtrapolateWithinM (a slow platform), else hold for the next epoch.
                ready = next.Geotagger.CanInterpolate(next.Input.MonotonicNs)
                    || next.Geotagger.CanExtrapolateWithin(next.Input.MonotonicNs);
            }

            if (!ready && !force && now - next.ReceivedMonotonicNs < _holdNs)
            {
                return; // keep arrival order: later detections wait behind this one
            }

            _waiting.Dequeue();
            Store(next, cancellationToken);
        }
    }

    private void Store(PendingDetection pending, CancellationToken cancellationToken)
    {
        GeotaggedDetection tagged;
        lock (pending.Gnss.Gate)
        {
            tagged = pending.Geotagger.Geotag(pending.Input, clock.Sample());
        }

        counters.Add("detections_geotagged", 1, pending.Input.Device);
        if (tagged.Position.IsStale)
        {
            counters.Add("detections_position_stale", 1, pending.Input.Device);
        }

        try
        {
            var sequence = outbox.Append(
                (Writer: writer, Detection: tagged),
                static (state, seq, output) => state.Writer.Write(state.Detection with { Sequence = seq }, output),
                cancellationToken);
            counters.Add("detections_queued", 1, pending.Input.Device);
            Stored?.Invoke(tagged with { Sequence = sequence });
        }
        catch (OutboxFullException)
        {
            // RefuseNew: counted by the outbox (refused) and here per device; published on the health topic.
            counters.Add("detections_refused", 1, pending.Input.Device);
        }
    }
}
