using BenchmarkDotNet.Attributes;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Outputs;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.World;

namespace Telemetry.Benchmarks.Simulator;

/// <summary>
/// Simulation speed of the default scenario (aghdam: 4 deminers with detector + GNSS, MEMATT CAN + GNSS, drone
/// MAVLink; ≈120,000 buried items) at full speed into counting sinks. Real-time factor = simulated seconds / mean.
/// </summary>
[MemoryDiagnoser]
public class SimulationSpeedBenchmarks
{
    private Scenario _scenario = null!;

    /// <summary>Simulated seconds per run.</summary>
    [Params(60, 600)]
    public double SimulatedSeconds { get; set; }

    [GlobalSetup]
    public void Setup() => _scenario = ScenarioLoader.Load("aghdam");

    /// <summary>Drawing the minefield (part of every run's start-up).</summary>
    [Benchmark]
    public int GenerateMinefield() => Minefield.Generate(_scenario, 1).Items.Count;

    /// <summary>A whole run: world, devices, encoding every frame, ground truth kept in memory.</summary>
    [Benchmark]
    public long Simulate()
    {
        var sinks = ScenarioValidator.DeviceNames(_scenario).ToDictionary(n => n, _ => (IDeviceSink)new MemorySink(keepBytes: false), StringComparer.Ordinal);
        using var runner = new SimulationRunner(new SimulationOptions
        {
            Scenario = _scenario,
            DurationSeconds = SimulatedSeconds,
            MaxSpeed = true,
            Sinks = sinks,
        });
        runner.RunToEnd();
        return sinks.Values.Sum(s => ((MemorySink)s).ByteCount);
    }
}
