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
/// <see cref="MatchWindowNs"/>); alone after that it is published as it is: a sentence as usual, an edge as kind
/// "alarm" (or "operator-mark") with evidence format "gpio". Thread-safe: the serial loop and the GPIO loop call in.
/// </summary>
internal sealed class GpioAlarmReconciler(string device, DetectionSink sink, GatewayCounters counters, GatewayClock clock)
{
    /// <summary>Edge and sentence event times this close are the same physical event.</summary>
    public const long MatchWindowNs = 250_000_000;

    /// <summary>How long (gateway monotonic) either side waits for its partner before it is published alone.</summary>
    public const long HoldNs = 300_000_000;

    private readonly object _gate = new();
    private readonly List<Held> _held = [];

    /// <summary>A decoded alarm onset or mark sentence of this detector.</summary>
    public void OnSentence(in DetectionInput input, long now)
    {
        var mark = input.Kind == DetectionKind.OperatorMark;
        lock (_gate)
        {
            var partner = FindPartner(fromGpio: true, mark, input.MonotonicNs);
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
            var partner = FindPartner(fromGpio: false, mark, timestampNs);
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
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var events = lines.Events;
        try
        {
            while (await tick.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                while (events.TryRead(out var edge))
                {
                    if (edge.MissedBefore > 0)
                    {
                        counters.Add("gpio_edges_missed", edge.MissedBefore, device);
                    }

                    if (edge.Edge != GpioEdge.Rising || (edge.Offset != alarmLine && edge.Offset != markLine))
                    {
                        continue;
                    }

                    OnEdge(edge.Offset == markLine, edge.Offset, edge.TimestampNs, clock.MonotonicNs());
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

    private Held? FindPartner(bool fromGpio, bool mark, long eventNs)
    {
        Held? best = null;
        foreach (var h in _held)
        {
            if (h.FromGpio == fromGpio && h.Mark == mark && Math.Abs(h.Input.MonotonicNs - eventNs) <= MatchWindowNs
                && (best is null || Math.Abs(h.Input.MonotonicNs - eventNs) < Math.Abs(best.Input.MonotonicNs - eventNs)))
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
