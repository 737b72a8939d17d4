using System.Diagnostics;
using System.Globalization;
using System.Net;
using Telemetry.Gateway.Demo;
using Telemetry.Gateway.Outbox;
using Telemetry.Mqtt.Broker;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Gateway.Tests.EndToEnd;

/// <summary>
/// The real <c>telemetry gateway</c> process reads the simulator's pseudo-terminals and is SIGKILLed at 20 random
/// moments (restarted each time). Every detection the outbox ever accepted reaches an independent subscriber, once
/// at least, first-seen in sequence order; nothing accepted is lost. (Bytes a device sends while the gateway is dead
/// are never accepted — that is the serial line, not the outbox — so the oracle is the outbox's own sequence.)
/// </summary>
public sealed class GatewayKillTests
{
    [Fact]
    public async Task Gateway_SIGKILLed_20_times_at_random_moments_loses_no_accepted_detection()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var broker = new MqttBroker(new MqttBrokerOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        await broker.StartAsync(ct);
        await using var subscriber = new DemoSubscriber("127.0.0.1", broker.Port);
        await subscriber.StartAsync("demining/v1/+/+/detections", ct);

        var scenario = ScenarioLoader.Load(ScenarioLoader.DefaultName);
        var team = scenario.Rigs.DetectorTeams[0];
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        var devices = new List<string>();
        for (var i = 1; i <= team.Deminers; i++)
        {
            var gnss = DeviceNaming.DeminerGnss(team.Name, i);
            var detector = DeviceNaming.Detector(team.Name, i);
            links[gnss] = dir.Sub(gnss);
            links[detector] = dir.Sub(detector);
            devices.Add($$"""{ "Name": "{{gnss}}", "Kind": "Gnss", "Driver": "Serial", "Endpoint": "{{links[gnss]}}" }""");
            devices.Add($$"""{ "Name": "{{detector}}", "Kind": "Detector", "Driver": "Serial", "Endpoint": "{{links[detector]}}", "PositionFrom": "{{gnss}}" }""");
        }

        var config = dir.Sub("gateway.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Site": "kill-test", "Rig": "{{team.Name}}",
              "Devices": [ {{string.Join(",\n", devices)}} ],
              "Broker": { "Host": "127.0.0.1", "Port": {{broker.Port}}, "ClientId": "kill-test-gateway" },
              "Outbox": { "Path": "{{dir.Sub("outbox")}}", "Fsync": "Always" }
            }
            """, ct);

        using var runner = new SimulationRunner(new SimulationOptions
        {
            Scenario = scenario, DurationSeconds = 3000, Speed = 8, OutputDirectory = dir.Sub("sim"), PtyLinks = links,
        });
        using var stopSimulation = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var simulation = runner.RunAsync(stopSimulation.Token);

        var random = new Random(424242);
        for (var run = 0; run < 20; run++)
        {
            using var gateway = ChildProcess.StartTelemetry("gateway", "--config", config);
            _ = gateway.StandardOutput.ReadToEndAsync(ct);
            _ = gateway.StandardError.ReadToEndAsync(ct);
            await Task.Delay(random.Next(800, 3500), ct); // the random moment of the kill
            gateway.Kill();
            await gateway.WaitForExitAsync(ct);
        }

        await stopSimulation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => simulation);

        // A last, undisturbed run drains the backlog; then a graceful stop (SIGTERM) flushes.
        using (var final = ChildProcess.StartTelemetry("gateway", "--config", config))
        {
            var log = final.StandardOutput.ReadToEndAsync(ct);
            _ = final.StandardError.ReadToEndAsync(ct);
            var last = -1;
            var stable = Stopwatch.StartNew();
            var deadline = Stopwatch.StartNew();
            while (stable.Elapsed < TimeSpan.FromSeconds(5) && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200, ct);
                if (subscriber.Count != last)
                {
                    last = subscriber.Count;
                    stable.Restart();
                }
            }

            using (var term = Process.Start("kill", ["-TERM", final.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(ct);
            }

            await final.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
            Console.WriteLine(await log);
        }

        using var outbox = SegmentedOutbox.Open(new OutboxOptions { Directory = dir.Sub("outbox") });
        var stats = outbox.GetStats();
        var accepted = stats.NextSequence - 1 - stats.TailSequencesSkipped;
        Console.WriteLine($"accepted {accepted}, received {subscriber.Count} distinct, duplicates {subscriber.Duplicates}");
        Assert.True(accepted > 0, "the gateway must have accepted detections between kills");
        Assert.Equal(0, stats.Pending);
        var received = subscriber.Detections.Select(d => d.Sequence).ToHashSet();
        var missing = Enumerable.Range(1, (int)(stats.NextSequence - 1)).Select(i => (long)i).Where(s => !received.Contains(s)).ToList();
        Assert.True(missing.Count <= stats.TailSequencesSkipped, $"{missing.Count} accepted detections never arrived (first {missing.FirstOrDefault()}), {stats.TailSequencesSkipped} reserved");
        Assert.Equal(0, subscriber.OutOfOrder);
    }
}
