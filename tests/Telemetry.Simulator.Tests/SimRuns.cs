using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Outputs;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Tests;

/// <summary>Runs scenarios at full speed into memory sinks.</summary>
internal static class SimRuns
{
    public static (SimulationRunner Runner, Dictionary<string, MemorySink> Sinks) Run(Scenario scenario, ulong seed, double seconds, SimulationHooks? hooks = null, RecordingGpio? gpio = null)
    {
        var sinks = ScenarioValidator.DeviceNames(scenario).ToDictionary(n => n, _ => new MemorySink(), StringComparer.Ordinal);
        var runner = new SimulationRunner(new SimulationOptions
        {
            Scenario = scenario,
            Seed = seed,
            DurationSeconds = seconds,
            MaxSpeed = true,
            Sinks = sinks.ToDictionary(p => p.Key, p => (IDeviceSink)p.Value, StringComparer.Ordinal),
            Hooks = hooks,
            Gpio = gpio,
        });
        runner.RunToEnd();
        return (runner, sinks);
    }

    public static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telemetry.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new InvalidOperationException("Telemetry.sln not found above the test binaries.");
    }
}

/// <summary>Records GPIO line changes.</summary>
internal sealed class RecordingGpio : Devices.IGpioOutput
{
    public List<(int Line, bool High, double Time)> Changes { get; } = [];

    public void SetLine(int offset, bool high, double simTime) => Changes.Add((offset, high, simTime));
}
