using System.Text;
using Telemetry.Drivers.Gpio;
using Telemetry.Gateway.Pipeline;
using Telemetry.Geo.Detections;

namespace Telemetry.Gateway.Tests.Pipeline;

/// <summary>One physical alarm seen on a GPIO line and as a $PXDMA sentence is one detection (docs/detection-record.md).</summary>
public sealed class GpioAlarmReconcilerTests
{
    private static readonly byte[] Sentence = "$PXDMA,4,120.075,1,O,M,316,79,*52\r\n"u8.ToArray();

    [Fact]
    public void Edge_then_sentence_is_one_detection_at_the_edge_time_with_the_sentence_classification()
    {
        using var h = new DecoderHarness("det");
        var r = new GpioAlarmReconciler("det", h.Sink, h.Counters, h.Clock);
        r.OnEdge(mark: false, line: 17, timestampNs: 10_000_000_000, now: 10_001_000_000);
        Assert.Empty(h.Detections()); // waiting for the sentence that classifies it
        r.OnSentence(Alarm(10_004_000_000), now: 10_020_000_000);

        var d = Assert.Single(h.Detections());
        Assert.Equal(10_000_000_000, d.Input.MonotonicNs);
        Assert.Equal(DetectionKind.Dual, d.Input.Kind);
        Assert.Equal(316, d.Input.Signal.MdAmplitude);
        Assert.Equal("nmea0183+gpio", d.Input.EvidenceFormat);
        Assert.Equal(Sentence, d.Input.Evidence.ToArray());
        r.Expire(long.MaxValue - 1);
        Assert.Empty(h.Detections()); // nothing left over to publish twice
        Assert.Equal(1, h.Counters.Get("detections_gpio_merged", "det"));
    }

    [Fact]
    public void Sentence_first_then_edge_merges_too_even_when_the_detector_clock_mapping_is_off()
    {
        using var h = new DecoderHarness("det");
        var r = new GpioAlarmReconciler("det", h.Sink, h.Counters, h.Clock);
        // The sentence's mapped time is 1.5 s off (detector clock re-synchronising after a serial stall), but it
        // reached us right after the edge: the same physical alarm.
        r.OnSentence(Alarm(8_500_000_000), now: 10_010_000_000);
        r.OnEdge(mark: false, line: 17, timestampNs: 10_000_000_000, now: 10_012_000_000);

        var d = Assert.Single(h.Detections());
        Assert.Equal(10_000_000_000, d.Input.MonotonicNs);
        Assert.Equal("nmea0183+gpio", d.Input.EvidenceFormat);
    }

    [Fact]
    public void An_edge_alone_is_published_after_the_hold_as_an_unclassified_alarm_and_a_mark_button_as_a_mark()
    {
        using var h = new DecoderHarness("det");
        var r = new GpioAlarmReconciler("det", h.Sink, h.Counters, h.Clock);
        r.OnEdge(mark: false, line: 17, timestampNs: 20_000_000_000, now: 20_000_100_000);
        r.OnEdge(mark: true, line: 27, timestampNs: 20_100_000_000, now: 20_100_100_000);
        r.Expire(20_000_100_000 + GpioAlarmReconciler.HoldNs - 1);
        Assert.Empty(h.Detections());
        r.Expire(20_100_100_000 + GpioAlarmReconciler.HoldNs);

        var ds = h.Detections();
        Assert.Equal([DetectionKind.Alarm, DetectionKind.OperatorMark], ds.Select(d => d.Input.Kind));
        Assert.All(ds, d => Assert.Equal("gpio", d.Input.EvidenceFormat));
        Assert.Equal([20_000_000_000L, 20_100_000_000L], ds.Select(d => d.Input.MonotonicNs));
        Assert.Contains("line=27", Encoding.ASCII.GetString(ds[1].Input.Evidence.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void A_sentence_alone_and_an_edge_of_the_other_kind_are_not_merged()
    {
        using var h = new DecoderHarness("det");
        var r = new GpioAlarmReconciler("det", h.Sink, h.Counters, h.Clock);
        r.OnEdge(mark: true, line: 27, timestampNs: 30_000_000_000, now: 30_000_000_000);
        r.OnSentence(Alarm(30_001_000_000), now: 30_002_000_000);
        r.Expire(30_002_000_000 + GpioAlarmReconciler.HoldNs);

        var ds = h.Detections();
        Assert.Equal(2, ds.Count);
        Assert.Contains(ds, d => d.Input is { Kind: DetectionKind.Dual, EvidenceFormat: "nmea0183" });
        Assert.Contains(ds, d => d.Input is { Kind: DetectionKind.OperatorMark, EvidenceFormat: "gpio" });
    }

    [Fact]
    public async Task Edges_from_the_simulated_chip_are_read_with_their_kernel_timestamps()
    {
        using var h = new DecoderHarness("det");
        var r = new GpioAlarmReconciler("det", h.Sink, h.Counters, h.Clock);
        using var chip = new SimulatedGpioChip();
        using var lines = chip.RequestInputs(new GpioInputRequest { Offsets = [4, 5], Edges = GpioEdgeDetection.Rising });
        using var stop = new CancellationTokenSource();
        var run = r.RunAsync(lines, alarmLine: 4, markLine: 5, stop.Token);
        h.Now = 40_000_000_000;
        chip.SetLevel(4, true, 39_990_000_000);
        chip.SetLevel(4, false, 39_995_000_000); // falling edges are not events here
        chip.SetLevel(4, true, 39_996_000_000); // contact bounce 6 ms after the first rising edge: not a new alarm
        chip.SetLevel(4, false, 39_997_000_000);
        chip.SetLevel(5, true, 39_999_000_000);
        Assert.True(SpinWait.SpinUntil(() => h.Counters.Get("gpio_mark_edges", "det") == 1, TimeSpan.FromSeconds(10)), "edges not read");
        h.Now += GpioAlarmReconciler.HoldNs;
        Assert.True(SpinWait.SpinUntil(() => h.Counters.Get("detections_gpio_only", "det") == 2, TimeSpan.FromSeconds(10)), "held edges not expired");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var ds = h.Detections();
        Assert.Equal([(DetectionKind.Alarm, 39_990_000_000L), (DetectionKind.OperatorMark, 39_999_000_000L)], ds.Select(d => (d.Input.Kind, d.Input.MonotonicNs)));
        Assert.Equal(1, h.Counters.Get("gpio_bounces_ignored", "det"));
    }

    private static DetectionInput Alarm(long eventNs) =>
        new("det", DetectionKind.Dual, eventNs, new DetectionSignal { EventId = 4, MdAmplitude = 316, GprEnergy = 79 }, Sentence, "nmea0183");
}
