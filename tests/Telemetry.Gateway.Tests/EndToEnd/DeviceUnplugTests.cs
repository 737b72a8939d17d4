using System.Collections.Concurrent;
using Telemetry.Drivers.Sources;
using Telemetry.Gateway.Demo;
using Telemetry.Gateway.Pipeline;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Gateway.Tests.EndToEnd;

/// <summary>A detector's USB adapter pulled out mid-run (the simulator's scripted unplug of its pseudo-terminal).</summary>
public sealed class DeviceUnplugTests
{
    [Fact]
    public async Task Unplugged_device_goes_absent_then_up_again_and_the_gateway_keeps_running()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        var scenario = ScenarioLoader.Load(ScenarioLoader.DefaultName);
        scenario = scenario with
        {
            Faults = [new FaultSpec { Kind = FaultKind.Unplug, At = 40, DurationSeconds = 30, Device = "team-1-d1-detector" }],
        };
        var scenarioFile = dir.Sub("unplug.json");
        await File.WriteAllBytesAsync(scenarioFile, ScenarioLoader.ToJson(scenario), ct);

        var view = new StateRecorder();
        var summary = await new DemoRun(
            new DemoSettings { WallSeconds = 15, Speed = 10, BrokerPort = 0, OutputDirectory = dir.Sub("out"), Scenario = scenarioFile },
            view).RunAsync(ct);

        var states = view.States.Where(s => s.Device == "team-1-d1-detector").Select(s => s.State).ToList();
        var firstUp = states.IndexOf(SourceState.Up);
        var absent = states.FindIndex(firstUp + 1, s => s == SourceState.Absent);
        Assert.True(firstUp >= 0 && absent > firstUp, "expected up → absent, got " + string.Join(", ", states));
        Assert.Contains(SourceState.Up, states.Skip(absent + 1));
        Assert.True(summary.Received > 0, "other devices' detections keep flowing");
        Assert.Equal(summary.Stored, summary.Received);
    }

    private sealed class StateRecorder : IDemoView
    {
        public ConcurrentQueue<(string Device, SourceState State)> States { get; } = new();

        public void Info(string message) => Console.WriteLine(message);

        public void DeviceState(string device, SourceState state) => States.Enqueue((device, state));

        public void Received(ReceivedDetection detection)
        {
        }

        public void Progress(double simulatedSeconds, double totalSeconds, GatewayRuntime runtime, int received)
        {
        }
    }
}
