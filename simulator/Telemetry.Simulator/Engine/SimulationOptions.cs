using Telemetry.Simulator.Devices;
using Telemetry.Simulator.Outputs;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Engine;

/// <summary>How to run a scenario: seed, length, speed, and where each device's bytes go.</summary>
public sealed record SimulationOptions
{
    /// <summary>The scenario (see <see cref="ScenarioLoader"/>).</summary>
    public required Scenario Scenario { get; init; }

    /// <summary>Seed; the scenario's own seed when null.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Run length in simulation seconds; the scenario's when null.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Simulation seconds per wall-clock second (1 = real time). Ignored when <see cref="MaxSpeed"/>.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>Run as fast as possible (no pacing).</summary>
    public bool MaxSpeed { get; init; }

    /// <summary>
    /// Directory for capture files of devices that have no other output, and for the ground truth
    /// (truth.geojson) and a copy of the scenario (scenario.json). Null: such devices go nowhere.
    /// </summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Sinks chosen by the caller, by device name; these win over everything else.</summary>
    public IReadOnlyDictionary<string, IDeviceSink>? Sinks { get; init; }

    /// <summary>Devices to put on pseudo-terminals, by device name → stable link path the gateway opens.</summary>
    public IReadOnlyDictionary<string, string>? PtyLinks { get; init; }

    /// <summary>The simulated GPIO chip for alarm and mark lines.</summary>
    public IGpioOutput? Gpio { get; init; }

    /// <summary>Callbacks for broker outages, clock jumps and plug changes.</summary>
    public SimulationHooks? Hooks { get; init; }
}
