using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Tests;

public sealed class DeterminismTests
{
    private const double Seconds = 40;

    [Fact]
    public void Same_seed_gives_the_same_bytes_on_every_device()
    {
        var scenario = ScenarioLoader.Load("aghdam");
        var (first, a) = SimRuns.Run(scenario, 42, Seconds);
        var (second, b) = SimRuns.Run(scenario, 42, Seconds);
        using (first)
        using (second)
        {
            Assert.NotEmpty(a);
            foreach (var (device, sink) in a)
            {
                Assert.True(sink.ByteCount > 0, $"{device} produced no bytes");
                Assert.True(sink.Bytes.Span.SequenceEqual(b[device].Bytes.Span), $"{device} differs between two runs with one seed");
            }

            Assert.Equal(first.Truth.Events.Count, second.Truth.Events.Count);
        }
    }

    [Fact]
    public void Another_seed_gives_another_world()
    {
        var scenario = ScenarioLoader.Load("aghdam");
        var (first, a) = SimRuns.Run(scenario, 1, 5);
        var (second, b) = SimRuns.Run(scenario, 2, 5);
        using (first)
        using (second)
        {
            Assert.Contains(a, p => !p.Value.Bytes.Span.SequenceEqual(b[p.Key].Bytes.Span));
            var itemsA = first.Truth.Field.Items.Select(i => i.Position).Take(50);
            var itemsB = second.Truth.Field.Items.Select(i => i.Position).Take(50);
            Assert.NotEqual(itemsA, itemsB);
        }
    }
}
