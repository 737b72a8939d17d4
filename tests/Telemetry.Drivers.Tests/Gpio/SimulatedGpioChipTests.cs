using Telemetry.Drivers.Gpio;

namespace Telemetry.Drivers.Tests.Gpio;

public sealed class SimulatedGpioChipTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public void Every_edge_carries_its_kernel_timestamp_and_sequence_numbers()
    {
        using var chip = new SimulatedGpioChip("test", 8);
        using var lines = chip.RequestInputs(new GpioInputRequest { Offsets = [2, 5] });

        chip.RaiseEdge(2, GpioEdge.Rising, 1_000);
        chip.RaiseEdge(5, GpioEdge.Rising, 2_500);
        chip.RaiseEdge(2, GpioEdge.Falling, 7_123_456_789);

        var events = Drain(lines);
        Assert.Equal(
            [
                new GpioEdgeEvent(2, GpioEdge.Rising, 1_000, 1, 1, 0),
                new GpioEdgeEvent(5, GpioEdge.Rising, 2_500, 2, 1, 0),
                new GpioEdgeEvent(2, GpioEdge.Falling, 7_123_456_789, 3, 2, 0),
            ],
            events);
        Assert.False(lines.Read(2));
        Assert.True(lines.Read(5));
        Assert.Equal(0, lines.Counters.Lost);
    }

    [Fact]
    public void Dropped_events_show_as_a_sequence_gap_on_the_next_event_and_in_the_counters()
    {
        using var chip = new SimulatedGpioChip("test", 4);
        using var lines = chip.RequestInputs(new GpioInputRequest { Offsets = [0, 1] });

        chip.RaiseEdge(0, GpioEdge.Rising, 10);
        chip.DropEdges(0, 3, 20);           // kernel buffer overflow: three edges on line 0 never reach us
        chip.RaiseEdge(1, GpioEdge.Rising, 30);
        chip.RaiseEdge(0, GpioEdge.Rising, 40);

        var events = Drain(lines);
        Assert.Equal(3, events.Count);
        Assert.Equal((1u, 1u, 0u), (events[0].GlobalSequence, events[0].LineSequence, events[0].MissedBefore));
        // Line 1's own sequence has no gap, but the global sequence jumped 1 → 5.
        Assert.Equal((5u, 1u, 0u), (events[1].GlobalSequence, events[1].LineSequence, events[1].MissedBefore));
        Assert.Equal((6u, 5u, 3u), (events[2].GlobalSequence, events[2].LineSequence, events[2].MissedBefore));
        Assert.Equal(3, lines.Counters.Lost);
    }

    [Fact]
    public void Software_debounce_reports_one_edge_per_press_with_the_timestamp_of_the_edge_that_held()
    {
        using var chip = new SimulatedGpioChip("test", 4);
        using var lines = chip.RequestInputs(new GpioInputRequest
        {
            Offsets = [3],
            Debounce = TimeSpan.FromMilliseconds(5),
        });
        Assert.Equal(GpioDebounceApplied.Software, lines.Debounce);

        // Press: 5 transitions 0.2 ms apart, ending high; the last rising edge (t = 100.8 ms) is the one that held.
        chip.Bounce(3, finalHigh: true, startNs: 100 * Ms, transitions: 5, intervalNs: Ms / 5);
        Assert.Empty(Drain(lines));                 // not stable for 5 ms yet
        chip.AdvanceTime(106 * Ms);
        // Release: 3 transitions ending low, starting at 300 ms.
        chip.Bounce(3, finalHigh: false, startNs: 300 * Ms, transitions: 3, intervalNs: Ms / 5);
        chip.AdvanceTime(400 * Ms);

        var events = Drain(lines);
        Assert.Equal(2, events.Count);
        Assert.Equal(GpioEdge.Rising, events[0].Edge);
        Assert.Equal((100 * Ms) + (4 * Ms / 5), events[0].TimestampNs);
        Assert.Equal(GpioEdge.Falling, events[1].Edge);
        Assert.Equal((300 * Ms) + (2 * Ms / 5), events[1].TimestampNs);
        Assert.Equal(8 - 2, lines.Counters.BouncesSuppressed);
        Assert.Equal(8, lines.Counters.Received);
    }

    [Fact]
    public void A_glitch_shorter_than_the_debounce_period_is_not_reported()
    {
        using var chip = new SimulatedGpioChip("test", 2);
        using var lines = chip.RequestInputs(new GpioInputRequest { Offsets = [0], Debounce = TimeSpan.FromMilliseconds(2) });

        chip.RaiseEdge(0, GpioEdge.Rising, 10 * Ms);
        chip.AdvanceTime(20 * Ms);
        chip.RaiseEdge(0, GpioEdge.Falling, 30 * Ms);   // a 1 ms dip ...
        chip.RaiseEdge(0, GpioEdge.Rising, 31 * Ms);    // ... back high: noise, not a release
        chip.AdvanceTime(100 * Ms);

        var events = Drain(lines);
        Assert.Single(events);
        Assert.Equal(new GpioEdgeEvent(0, GpioEdge.Rising, 10 * Ms, 1, 1, 0), events[0]);
        Assert.Equal(2, lines.Counters.BouncesSuppressed);
    }

    [Fact]
    public void Edge_filter_active_low_and_outputs_behave_like_the_chip()
    {
        using var chip = new SimulatedGpioChip("test", 4);
        using var rising = chip.RequestInputs(new GpioInputRequest { Offsets = [0], Edges = GpioEdgeDetection.Rising, ActiveLow = true });
        using var buzzer = chip.RequestOutput(3, initialValue: false);
        var seen = new List<(int, bool)>();
        chip.OutputChanged += (offset, value) => seen.Add((offset, value));

        chip.SetLevel(0, high: true, 5);    // physical rise = logical fall under active-low: filtered out
        chip.SetLevel(0, high: false, 9);   // physical fall = logical rise: reported
        buzzer.Write(true);

        var events = Drain(rising);
        Assert.Single(events);
        Assert.Equal((GpioEdge.Rising, 9L, 1u), (events[0].Edge, events[0].TimestampNs, events[0].GlobalSequence));
        Assert.True(rising.Read(0));
        Assert.True(chip.GetOutput(3));
        Assert.Equal([(3, true)], seen);
        Assert.Throws<InvalidOperationException>(() => chip.RequestOutput(0, false));
    }

    [Fact]
    public void Disposing_a_request_completes_its_event_stream_and_frees_the_lines()
    {
        using var chip = new SimulatedGpioChip("test", 2);
        var lines = chip.RequestInputs(new GpioInputRequest { Offsets = [1] });
        lines.Dispose();
        Assert.True(lines.Events.Completion.IsCompleted);
        using var again = chip.RequestInputs(new GpioInputRequest { Offsets = [1] });
        Assert.False(chip.RaiseEdge(0, GpioEdge.Rising, 1));
        Assert.True(chip.RaiseEdge(1, GpioEdge.Rising, 2));
    }

    private static List<GpioEdgeEvent> Drain(IGpioInputLines lines)
    {
        var list = new List<GpioEdgeEvent>();
        while (lines.Events.TryRead(out var e))
        {
            list.Add(e);
        }

        return list;
    }
}
