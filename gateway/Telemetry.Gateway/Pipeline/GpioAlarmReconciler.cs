using System.Globalization;
using System.Text;
using Telemetry.Drivers.Gpio;
using Telemetry.Geo.Detections;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// One physical alarm (or mark) of a detector wired both ways — its alarm/mark line on a GPIO and its $PXDMA/$PXDMK
/// sentence on the serial line — becomes ONE detection (docs/detection-record.md, "GPIO and sentence alarms"):
/// the GPIO edge's kernel timestamp is the authoritative time (no serial latency, no clock mapping), the sentence
/// adds the classification (metal/gpr/dual), the sensor values and its text as evidence; the record's evidence format
/// "nmea0183+gpio" says both were merged. Each side waits <see cref="HoldNs"/> for its partner (event times within
/// <see cref="MatchWindowNs"/>, or the sentence arriving within the hold after the edge); alone after that it is published as it is: a sentence as usual, an edge as kind
/// "alarm" (or "operator-mark") with evidence format "gpio". Thread-safe: the serial loop and the GPIO loop call in.
/// </summary>
internal sealed class GpioAlarmReconciler(string device, DetectionSink sink, GatewayCounters counters, GatewayClock clock)
{
    /// <summary>Edge and sentence event times this close are the same physical event.</summary>
    public const long MatchWindowNs = 250_000_000;

    /// <summary>How long (gateway monotonic) either side waits for its partner before it is published alone.</summary>
    public const long HoldNs = 2_000_000_000;

    /// <summary>
    /// A rising edge this soon after the previous one on the same line is contact bounce (a mechanical mark button),
    /// not a new event: the lines are requested without debounce so the first edge keeps its exact kernel timestamp.
    /// </summary>
    public const long BounceNs = 50_000_000;

    private readonly object _gate = new();
    private readonly List<Held> _held = [];
    private readonly Dictionary<int, long> _lastRising = [];

    /// <summary>A decoded alarm onset or mark sentence of this detector.</summary>
    public void OnSentence(in DetectionInput input, long now)
    {
        var mark = input.Kind == DetectionKind.OperatorMark;
        lock (_gate)
        {
            var partner = FindPartner(fromGpio: true, mark, input.MonotonicNs, now);
            if (partner is { } edge)
            {
                _held.Remove(edge);
                Merge(edge.Input.MonotonicNs, input, now);
            }
            else
            {
                _held.Add(new Held(mark, FromGpio: false, input, now));
            }

            ExpireLocked(now);
        }
    }

    /// <summary>A rising edge on the alarm or mark line, kernel timestamp on the gateway's monotonic clock.</summary>
    public void OnEdge(bool mark, int line, long timestampNs, long now)
    {
        counters.Add(mark ? "gpio_mark_edges" : "gpio_alarm_edges", 1, device);
        lock (_gate)
        {
            var partner = FindPartner(fromGpio: false, mark, timestampNs, now);
            if (partner is { } sentence)
            {
                _held.Remove(sentence);
                Merge(timestampNs, sentence.Input, now);
            }
            else
            {
                var evidence = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"gpio line={line} edge=rising monotonic_ns={timestampNs}"));
                var signal = mark ? new DetectionSignal { OperatorMark = true } : default;
                var input = new DetectionInput(device, mark ? DetectionKind.OperatorMark : DetectionKind.Alarm, timestampNs, signal, evidence, "gpio");
                _held.Add(new Held(mark, FromGpio: true, input, now));
            }

            ExpireLocked(now);
        }
    }

    /// <summary>Publishes whatever waited longer than <see cref="HoldNs"/> without a partner.</summary>
    public void Expire(long now)
    {
        lock (_gate)
        {
            ExpireLocked(now);
        }
    }

    /// <summary>Reads rising edges of the requested lines until cancelled; also expires held events while idle.</summary>
    public async Task RunAsync(IGpioInputLines lines, int? alarmLine, int? markLine, CancellationToken cancellationToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var events = lines.Events;
        try
        {
            // Edges are handled as they arrive (no polling delay: the partner sentence may be waiting for them).
            var reading = events.WaitToReadAsync(cancellationToken).AsTask();
            var ticking = tick.WaitForNextTickAsync(cancellationToken).AsTask();
            while (true)
            {
                var done = await Task.WhenAny(reading, ticking).ConfigureAwait(false);
                if (done == reading)
                {
                    if (!await reading.ConfigureAwait(false))
                    {
                        break; // the lines were released
                    }

                    while (events.TryRead(out var edge))
                    {
                        OnEdgeEvent(edge, alarmLine, markLine);
                    }

                    reading = events.WaitToReadAsync(cancellationToken).AsTask();
                }
                else
                {
                    await ticking.ConfigureAwait(false);
                    ticking = tick.WaitForNextTickAsync(cancellationToken).AsTask();
                }

                Expire(clock.MonotonicNs());
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown: publish what is held rather than lose it.
        }

        lock (_gate)
        {
            ExpireLocked(long.MaxValue);
        }
    }

    private void OnEdgeEvent(in GpioEdgeEvent edge, int? alarmLine, int? markLine)
    {
        if (edge.MissedBefore > 0)
        {
            counters.Add("gpio_edges_missed", edge.MissedBefore, device);
        }

        if (edge.Edge != GpioEdge.Rising || (edge.Offset != alarmLine && edge.Offset != markLine))
        {
            return;
        }

        if (_lastRising.TryGetValue(edge.Offset, out var last) && edge.TimestampNs - last < BounceNs)
        {
            counters.Add("gpio_bounces_ignored", 1, device);
            return;
        }

        _lastRising[edge.Offset] = edge.TimestampNs;
        OnEdge(edge.Offset == markLine, edge.Offset, edge.TimestampNs, clock.MonotonicNs());
    }

    // The partner is the held event of the other source and the same kind whose event time is within the window —
    // or, since a detector's own clock mapping can be off after a serial stall while the kernel edge time never is,
    // whose sentence reached us between just before the edge and HoldNs after it. Closest event time wins.
    private Held? FindPartner(bool fromGpio, bool mark, long eventNs, long now)
    {
        Held? best = null;
        foreach (var h in _held)
        {
            if (h.FromGpio != fromGpio || h.Mark != mark)
            {
                continue;
            }

            var edgeNs = fromGpio ? h.Input.MonotonicNs : eventNs;
            var sentenceReceived = fromGpio ? now : h.ReceivedNs;
            var arrival = sentenceReceived - edgeNs;
            var close = Math.Abs(h.Input.MonotonicNs - eventNs) <= MatchWindowNs || (arrival >= -MatchWindowNs && arrival <= HoldNs);
            if (close && (best is null || Math.Abs(h.Input.MonotonicNs - eventNs) < Math.Abs(best.Input.MonotonicNs - eventNs)))
            {
                best = h;
            }
        }

        return best;
    }

    private void Merge(long edgeNs, in DetectionInput sentence, long now)
    {
        counters.Add("detections_gpio_merged", 1, device);
        sink.Submit(sentence with { MonotonicNs = edgeNs, EvidenceFormat = "nmea0183+gpio" }, now);
    }

    private void ExpireLocked(long now)
    {
        for (var i = 0; i < _held.Count; i++)
        {
            var h = _held[i];
            if (now == long.MaxValue || now - h.ReceivedNs >= HoldNs)
            {
                _held.RemoveAt(i--);
                counters.Add(h.FromGpio ? "detections_gpio_only" : "detections_sentence_only", 1, device);
                sink.Submit(h.Input, h.ReceivedNs);
            }
        }
    }

    private sealed record Held(bool Mark, bool FromGpio, DetectionInput Input, long ReceivedNs);
}
