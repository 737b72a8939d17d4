using System.Diagnostics;
using System.Net.Sockets;
using Telemetry.Drivers.Sources;
using Telemetry.Gateway.Configuration;
using Telemetry.Gateway.Outbox;
using Telemetry.Gateway.Pipeline;
using Telemetry.Geo.Geotagging;
using Telemetry.Mqtt.Broker;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Truth;

namespace Telemetry.Gateway.Demo;

/// <summary>Settings of one demo run.</summary>
internal sealed record DemoSettings
{
    public double WallSeconds { get; init; } = 60;

    public double Speed { get; init; } = 10;

    public int BrokerPort { get; init; } = 1883;

    /// <summary>An existing broker (host, port); null starts the embedded broker.</summary>
    public (string Host, int Port)? ExternalBroker { get; init; }

    public required string OutputDirectory { get; init; }

    public string Scenario { get; init; } = ScenarioLoader.DefaultName;
}

/// <summary>
/// The demo end to end: the default scenario's detector team runs in the simulator, its devices on pseudo-terminals;
/// the real gateway runtime reads them through the serial driver, geotags, stores and publishes to a broker; an
/// independent subscriber receives; the result is scored against the simulator's ground truth.
/// </summary>
internal sealed class DemoRun(DemoSettings settings, IDemoView view)
{
    public async Task<DemoSummary> RunAsync(CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var outDir = Path.GetFullPath(settings.OutputDirectory);
        Directory.CreateDirectory(outDir);
        var scenario = ScenarioLoader.Load(settings.Scenario);
        var team = (scenario.Rigs.DetectorTeams.Count > 0 ? scenario.Rigs.DetectorTeams[0] : null)
            ?? throw new ScenarioException($"scenario {scenario.Name} has no detector team; the demo follows the first team.");
        var simulated = settings.WallSeconds * settings.Speed;

        await using var broker = settings.ExternalBroker is null ? await StartBrokerAsync(settings.BrokerPort, view, cancellationToken).ConfigureAwait(false) : null;
        var (host, port) = settings.ExternalBroker ?? ("127.0.0.1", broker!.Port);
        view.Info($"broker: {(broker is null ? "external" : "embedded")} mqtt://{host}:{port}");

        var ptyDir = Path.Combine(outDir, "pty");
        Directory.CreateDirectory(ptyDir);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        var devices = new List<DeviceOptions>();
        for (var i = 1; i <= team.Deminers; i++)
        {
            var gnss = DeviceNaming.DeminerGnss(team.Name, i);
            var detector = DeviceNaming.Detector(team.Name, i);
            links[gnss] = Path.Combine(ptyDir, gnss);
            links[detector] = Path.Combine(ptyDir, detector);
            devices.Add(new DeviceOptions { Name = gnss, Kind = DeviceKind.Gnss, Driver = DriverKind.Serial, Endpoint = links[gnss], Baud = team.Gnss.Baud });
            devices.Add(new DeviceOptions
            {
                Name = detector,
                Kind = DeviceKind.Detector,
                Driver = DriverKind.Serial,
                Endpoint = links[detector],
                Baud = team.Baud,
                PositionFrom = gnss,
                // The antenna is carried behind the search head: the sensor is ahead of it along the heading.
                LeverArm = new LeverArm(team.AntennaBehindHeadM, 0, 0),
            });
        }

        using var runner = new SimulationRunner(new SimulationOptions
        {
            Scenario = scenario,
            DurationSeconds = simulated,
            Speed = settings.Speed,
            OutputDirectory = outDir,
            PtyLinks = links,
        });
        var start = runner.RigClock.GetUtcNow();
        // The gateway runs on simulation time: UTC from the rig clock, monotonic from simulation seconds.
        var clock = new GatewayClock(runner.RigClock, () => (long)(runner.Now * 1e9));
        var options = new GatewayOptions
        {
            Site = scenario.Name,
            Rig = team.Name,
            Devices = devices,
            Broker = new BrokerOptions { Host = host, Port = port, ClientId = $"telemetry-demo-{team.Name}-{Environment.ProcessId}" },
            Outbox = new OutboxOptions { Directory = Path.Combine(outDir, "outbox") },
            ConfigHash = "demo",
        };

        await using var subscriber = new DemoSubscriber(host, port);
        await subscriber.StartAsync($"demining/v1/{options.Site}/{options.Rig}/detections", cancellationToken).ConfigureAwait(false);
        subscriber.Received += view.Received;

        await using var runtime = new GatewayRuntime(options, clock, view.Info);
        runtime.DeviceStateChanged += view.DeviceState;
        long stored = 0;
        runtime.DetectionStored += _ => Interlocked.Increment(ref stored);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var gateway = runtime.RunAsync(stop.Token);
        await WaitForDevicesUpAsync(runtime, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);

        view.Info($"simulating {simulated:F0} s of {scenario.Name} at {settings.Speed}× ({team.Deminers} deminers of {team.Name}); captures and ground truth in {outDir}");
        var simulation = runner.RunAsync(cancellationToken);
        using (var refresh = new PeriodicTimer(TimeSpan.FromMilliseconds(500)))
        {
            while (!simulation.IsCompleted && await refresh.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                view.Progress(runner.Now, simulated, runtime, subscriber.Count);
            }
        }

        await simulation.ConfigureAwait(false);
        var truth = runner.Truth.Events.Where(e => e.Kind is TruthEventKind.Alarm or TruthEventKind.Mark && links.ContainsKey(e.Device)).ToList();

        // Let the last frames, geotags and acknowledgements land before stopping.
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < TimeSpan.FromSeconds(15)
            && (subscriber.Count < Interlocked.Read(ref stored) || runtime.Outbox.GetStats().Pending > 0 || Interlocked.Read(ref stored) < truth.Count))
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await gateway.ConfigureAwait(false);

        var received = subscriber.Detections;
        await File.WriteAllLinesAsync(
            Path.Combine(outDir, "detections.jsonl"), received.Select(r => System.Text.Encoding.UTF8.GetString(r.Raw)), cancellationToken).ConfigureAwait(false);
        var (matched, within, errors) = DemoSummary.Score(truth, received, start, runner.Truth.Frame);
        return new DemoSummary
        {
            SimulatedSeconds = simulated,
            WallSeconds = wall.Elapsed.TotalSeconds,
            Broker = $"mqtt://{host}:{port}",
            Simulated = truth.Count,
            Stored = Interlocked.Read(ref stored),
            Published = runtime.Counters.Get("detections_published"),
            Acknowledged = runtime.Counters.Get("detections_acknowledged"),
            Received = subscriber.Count,
            Duplicates = subscriber.Duplicates,
            OutOfOrder = subscriber.OutOfOrder,
            Lost = truth.Count - matched,
            WithinStatedAccuracy = within,
            GeotagErrorP50M = DemoSummary.Percentile(errors, 0.50),
            GeotagErrorP95M = DemoSummary.Percentile(errors, 0.95),
            GeotagErrorMaxM = errors.Count > 0 ? errors[^1] : double.NaN,
            OutputDirectory = outDir,
        };
    }

    private static async Task<MqttBroker> StartBrokerAsync(int port, IDemoView view, CancellationToken cancellationToken)
    {
        var broker = new MqttBroker(new MqttBrokerOptions { BindAddress = System.Net.IPAddress.Loopback, Port = port });
        try
        {
            await broker.StartAsync(cancellationToken).ConfigureAwait(false);
            return broker;
        }
        catch (SocketException e) when (port != 0)
        {
            await broker.DisposeAsync().ConfigureAwait(false);
            view.Info($"port {port} is taken ({e.SocketErrorCode}); using a free port instead");
            return await StartBrokerAsync(0, view, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WaitForDevicesUpAsync(GatewayRuntime runtime, TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var source in runtime.Sources.Values)
        {
            await source.WaitForStateAsync(SourceState.Up, timeout, cancellationToken).ConfigureAwait(false);
        }
    }
}
