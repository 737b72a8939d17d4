using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Telemetry.Drivers.Sources;
using Telemetry.Gateway.Demo;
using Telemetry.Gateway.Pipeline;
using Telemetry.Simulator.Scenarios;
using Telemetry.TestKit;

namespace Telemetry.Gateway.Tests.EndToEnd;

/// <summary>
/// simulator → pseudo-terminals → gateway (one runtime per rig) → real mosquitto → an independent subscriber
/// (mosquitto_sub), for a MEMATT rig (SLCAN/J1939 + dual-antenna GNSS), a drone rig (MAVLink 2) and a detector team
/// whose alarm and mark lines are read on a simulated GPIO chip. The default scenario is tuned only so that enough
/// events happen in a short run (denser mines under the tiller's first strip, more drone anomalies); every simulated
/// detonation / anomaly / alarm must arrive exactly once, within the accuracy it states, against the ground truth.
/// </summary>
public sealed class MachineAndDroneRigTests
{
    private static readonly string[] OneRecordFormats = ["nmea0183+gpio", "nmea0183", "gpio"];
    private static readonly string[] TrackStatuses = ["exact", "interpolated", "extrapolated"];

    [Fact]
    public async Task Every_tiller_detonation_arrives_once_with_the_lever_arm_applied_by_hdt_within_its_accuracy()
    {
        var scenario = ScenarioLoader.Load(ScenarioLoader.DefaultName);
        var machine = scenario.Rigs.Machines[0];
        // The first strip runs through the belt; mines dense enough for several detonations in 150 s.
        scenario.Rigs.Machines = [machine with { Area = new RectSpec { MinEastM = 20, MaxEastM = 30, MinNorthM = -27, MaxNorthM = 75 } }];
        scenario.HazardAreas = [.. scenario.HazardAreas.Select(a => a.Name == "belt"
            ? a with { Density = new Dictionary<ItemClass, double> { [ItemClass.AP] = 0.4, [ItemClass.AT] = 0.003 } }
            : a)];
        var (summary, records) = await RunAsync(scenario, DemoRigs.Machine, simulatedSeconds: 150);

        var kind = Assert.Single(summary.Kinds);
        Assert.Equal("detonation", kind.Kind);
        Assert.True(kind.Simulated >= 3, $"only {kind.Simulated} detonations simulated");
        AssertEveryOneOnce(summary, records);
        Assert.All(records, r =>
        {
            var position = r.GetProperty("position");
            Assert.Equal("detonation", r.GetProperty("kind").GetString());
            Assert.Equal("hdt", position.GetProperty("heading_source").GetString());
            Assert.True(position.GetProperty("lever_arm_applied").GetBoolean());
            // The footprint (half the 1.7 m drum) and the heading error across the 2.5 m arm are in the accuracy.
            Assert.True(position.GetProperty("accuracy").GetProperty("lever_arm_sigma_m").GetDouble() >= 0.85 / 2);
            Assert.Equal("slcan", r.GetProperty("evidence").GetProperty("format").GetString());
        });
    }

    [Fact]
    public async Task Every_drone_anomaly_arrives_once_positioned_by_the_drones_own_gnss_within_its_accuracy()
    {
        var scenario = ScenarioLoader.Load(ScenarioLoader.DefaultName);
        scenario.Rigs.Drones = [scenario.Rigs.Drones[0] with { FalseDetectionsPerKm = 60 }];
        var (summary, records) = await RunAsync(scenario, DemoRigs.Drone, simulatedSeconds: 150);

        var kind = Assert.Single(summary.Kinds);
        Assert.Equal("drone-anomaly", kind.Kind);
        Assert.True(kind.Simulated >= 5, $"only {kind.Simulated} anomalies simulated");
        AssertEveryOneOnce(summary, records);
        Assert.All(records, r =>
        {
            var position = r.GetProperty("position");
            Assert.Equal("drone_gnss", position.GetProperty("source").GetString());
            Assert.Contains(position.GetProperty("status").GetString(), TrackStatuses); // on an epoch, between two, or just past the newest (cheap extrapolation)
            Assert.Equal("gst", position.GetProperty("accuracy").GetProperty("sigma_source").GetString()); // receiver-reported h_acc
            Assert.Equal("mavlink2", r.GetProperty("evidence").GetProperty("format").GetString());
        });
    }

    [Fact]
    public async Task Detector_alarms_and_marks_on_gpio_lines_and_sentences_are_published_once_each()
    {
        var scenario = ScenarioLoader.Load(ScenarioLoader.DefaultName);
        var (summary, records) = await RunAsync(scenario, DemoRigs.DetectorTeam, simulatedSeconds: 150);

        Assert.True(summary.Simulated >= 5, $"only {summary.Simulated} alarms and marks simulated");
        Assert.Equal(0, summary.Lost);
        Assert.Equal(summary.Simulated, summary.WithinStatedAccuracy);
        // Every record is one physical event: merged GPIO + sentence, or (said so in evidence.format) one source alone.
        var formats = records.Select(r => r.GetProperty("evidence").GetProperty("format").GetString()).ToList();
        Assert.Contains("nmea0183+gpio", formats);
        Assert.All(formats, f => Assert.Contains(f, OneRecordFormats));
        var merged = formats.Count(f => f == "nmea0183+gpio");
        Assert.True(merged >= summary.Simulated * 0.8, $"only {merged} of {summary.Simulated} alarms/marks merged GPIO and sentence");
    }

    private static void AssertEveryOneOnce(DemoSummary summary, List<JsonElement> records)
    {
        var kinds = string.Join("; ", summary.Kinds.Select(k =>
            $"{k.Kind}: simulated {k.Simulated}, received {k.Received}, lost {k.Lost}, within {k.Within}, errors [{string.Join(", ", k.Errors.Select(e => e.ToString("F2", CultureInfo.InvariantCulture)))}]"));
        var accuracies = string.Join(", ", records.Select(r => r.GetProperty("position").GetProperty("accuracy").GetProperty("horizontal_m").GetDouble().ToString("F2", CultureInfo.InvariantCulture)));
        Assert.True(summary.Lost == 0 && summary.WithinStatedAccuracy == summary.Simulated, $"{kinds}; stored {summary.Stored}; accuracies {accuracies}; out {summary.OutputDirectory}");
        Assert.Equal(0, summary.Lost);
        Assert.Equal(0, summary.Duplicates);
        Assert.Equal(0, summary.OutOfOrder);
        Assert.Equal(summary.Simulated, summary.WithinStatedAccuracy);
        Assert.Equal(summary.Simulated, summary.Stored); // one record per simulated event, nothing spurious
        Assert.Equal(summary.Stored, records.Count); // the independent subscriber has every one, once
        Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.GetProperty("seq").GetInt64()));
    }

    private static async Task<(DemoSummary Summary, List<JsonElement> Records)> RunAsync(Scenario scenario, DemoRigs rigs, double simulatedSeconds)
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var broker = await MosquittoServer.StartAsync();
        var lines = new ConcurrentQueue<string>();
        using var subscriber = DetectionSubscriber.Start(broker.Port, lines);
        const double speed = 10;
        var run = new DemoRun(
            new DemoSettings
            {
                WallSeconds = simulatedSeconds / speed,
                Speed = speed,
                ExternalBroker = ("127.0.0.1", broker.Port),
                OutputDirectory = dir.Sub("out"),
                LoadedScenario = scenario,
                Rigs = rigs,
            },
            new QuietView());
        var summary = await run.RunAsync(ct).WaitAsync(TimeSpan.FromMinutes(3), ct);
        Assert.True(
            SpinWait.SpinUntil(() => lines.Count >= summary.Stored, TimeSpan.FromSeconds(30)),
            $"mosquitto_sub has {lines.Count} of {summary.Stored} stored");
        subscriber.Kill();
        var records = lines
            .Select(line => JsonDocument.Parse(line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]).RootElement.Clone())
            .OrderBy(r => r.GetProperty("seq").GetInt64())
            .ToList();
        return (summary, records);
    }


    private sealed class QuietView : IDemoView
    {
        public void Info(string message) => Console.WriteLine(message);

        public void DeviceState(string device, SourceState state)
        {
        }

        public void Received(ReceivedDetection detection)
        {
        }

        public void Progress(double simulatedSeconds, double totalSeconds, GatewayRuntime runtime, int received)
        {
        }
    }
}
