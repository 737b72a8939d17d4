using System.Diagnostics;
using System.Net.Sockets;
using Telemetry.Drivers.Gpio;
using Telemetry.Drivers.Sources;
using Telemetry.Gateway.Configuration;
using Telemetry.Gateway.Outbox;
using Telemetry.Gateway.Pipeline;
using Telemetry.Geo.Geotagging;
using Telemetry.Mqtt.Broker;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Outputs;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Truth;

namespace Telemetry.Gateway.Demo;

/// <summary>Which rigs of the scenario the demo follows.</summary>
[Flags]
internal enum DemoRigs
{
    DetectorTeam = 1,
    Machine = 2,
    Drone = 4,
    All = DetectorTeam | Machine | Drone,
}

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

    /// <summary>A scenario object to run instead of <see cref="Scenario"/> (tests tune densities and areas).</summary>
    public Scenario? LoadedScenario { get; init; }

    /// <summary>
    /// Rigs followed. `telemetry demo` follows all; the default here is the first detector team only, so callers that
    /// count one rig's per-rig sequence numbers (the broker-outage test) keep seeing exactly one rig.
    /// </summary>
    public DemoRigs Rigs { get; init; } = DemoRigs.DetectorTeam;
}

/// <summary>One rig the demo runs a gateway for: its devices and which truth events are its detections.</summary>
internal sealed record DemoRigPlan(string Name, string Label, List<DeviceOptions> Devices, HashSet<string> DetectionDevices, TruthEventKind[] Kinds);

/// <summary>A rig's running gateway, for the live view.</summary>
internal sealed record DemoRigRuntime(string Name, string Label, GatewayRuntime Runtime);

/// <summary>
/// The demo end to end: the default scenario's rigs — the detector team (detector sentences plus GPIO alarm/mark lines
/// on a simulated chip), the MEMATT (J1939 over SLCAN + dual-antenna GNSS) and the survey drone (MAVLink 2) — run in
/// the simulator, their devices on pseudo-terminals; one real gateway runtime per rig (its own outbox, client id and
/// topics) reads them through the serial driver, geotags, stores and publishes to a broker; an independent subscriber
/// receives; the result is scored against the simulator's ground truth, per detection kind.
/// </summary>
internal sealed class DemoRun(DemoSettings settings, IDemoView view)
{
    public async Task<DemoSummary> RunAsync(CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var outDir = Path.GetFullPath(settings.OutputDirectory);
        Directory.CreateDirectory(outDir);
        var scenario = settings.LoadedScenario ?? ScenarioLoader.Load(settings.Scenario);
        var ptyDir = Path.Combine(outDir, "pty");
        Directory.CreateDirectory(ptyDir);
        var plans = Plan(scenario, settings.Rigs, ptyDir);
        if (plans.Count == 0)
        {
            throw new ScenarioException($"scenario {scenario.Name} has none of the rigs asked for ({settings.Rigs}).");
        }

        var simulated = settings.WallSeconds * settings.Speed;
        await using var broker = settings.ExternalBroker is null ? await StartBrokerAsync(settings.BrokerPort, view, cancellationToken).ConfigureAwait(false) : null;
        var (host, port) = settings.ExternalBroker ?? ("127.0.0.1", broker!.Port);
        view.Info($"broker: {(broker is null ? "external" : "embedded")} mqtt://{host}:{port}");

        var links = plans.SelectMany(p => p.Devices).ToDictionary(d => d.Name, d => d.Endpoint, StringComparer.Ordinal);

        // The detector adapters' alarm and mark lines: the simulator drives them, the gateway reads their edges.
        using var gpioChip = new SimulatedGpioChip("telemetry-demo", lineCount: 64);
        using var runner = new SimulationRunner(new SimulationOptions
        {
            Scenario = scenario,
            DurationSeconds = simulated,
            Speed = settings.Speed,
            OutputDirectory = outDir,
            PtyLinks = links,
            Gpio = new SimulatedChipGpio(gpioChip),
        });
        var start = runner.RigClock.GetUtcNow();
        // The gateways run on simulation time: UTC from the rig clock, monotonic from simulation seconds (the same
        // scale as the simulated GPIO edge timestamps, as CLOCK_MONOTONIC is for kernel edges on a real rig).
        var clock = new GatewayClock(runner.RigClock, () => (long)(runner.Now * 1e9));

        await using var subscriber = new DemoSubscriber(host, port);
        await subscriber.StartAsync($"demining/v1/{scenario.Name}/+/detections", cancellationToken).ConfigureAwait(false);
        subscriber.Received += view.Received;

        var rigs = new List<DemoRigRuntime>();
        long stored = 0;
        try
        {
            foreach (var plan in plans)
            {
                var options = new GatewayOptions
                {
                    Site = scenario.Name,
                    Rig = plan.Name,
                    Devices = plan.Devices,
                    Broker = new BrokerOptions { Host = host, Port = port, ClientId = $"telemetry-demo-{plan.Name}-{Environment.ProcessId}" },
                    Outbox = new OutboxOptions { Directory = Path.Combine(outDir, plans.Count == 1 ? "outbox" : Path.Combine("outbox", plan.Name)) },
                    ConfigHash = "demo",
                };
                var runtime = new GatewayRuntime(options, clock, m => view.Info($"{plan.Name}: {m}")) { OpenGpioChip = _ => new BorrowedChip(gpioChip) };
                rigs.Add(new DemoRigRuntime(plan.Name, plan.Label, runtime));
                runtime.DeviceStateChanged += view.DeviceState;
                runtime.DetectionStored += _ => Interlocked.Increment(ref stored);
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var gateways = rigs.Select(r => r.Runtime.RunAsync(stop.Token)).ToList();
            foreach (var rig in rigs)
            {
                await WaitForDevicesUpAsync(rig.Runtime, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            }

            view.Info($"simulating {simulated:F0} s of {scenario.Name} at {settings.Speed}×: {string.Join(", ", plans.Select(p => p.Label))}; captures and ground truth in {outDir}");
            var simulation = runner.RunAsync(cancellationToken);
            using (var refresh = new PeriodicTimer(TimeSpan.FromMilliseconds(500)))
            {
                while (!simulation.IsCompleted && await refresh.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    view.ProgressAll(runner.Now, simulated, rigs, subscriber.Count);
                }
            }

            await simulation.ConfigureAwait(false);
            var detectionDevices = plans.SelectMany(p => p.DetectionDevices).ToHashSet(StringComparer.Ordinal);
            var truth = runner.Truth.Events.Where(e => detectionDevices.Contains(e.Device)).ToList();

            // Let the last frames, geotags and acknowledgements land before stopping.
            var drain = Stopwatch.StartNew();
            while (drain.Elapsed < TimeSpan.FromSeconds(15)
                && (subscriber.Count < Interlocked.Read(ref stored) || rigs.Any(r => r.Runtime.Outbox.GetStats().Pending > 0) || Interlocked.Read(ref stored) < truth.Count))
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            view.ProgressAll(runner.Now, simulated, rigs, subscriber.Count);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(gateways).ConfigureAwait(false);

            var received = subscriber.Detections;
            await File.WriteAllLinesAsync(
                Path.Combine(outDir, "detections.jsonl"), received.Select(r => System.Text.Encoding.UTF8.GetString(r.Raw)), cancellationToken).ConfigureAwait(false);
            var score = DemoSummary.Score(truth, received, start, runner.Truth.Frame, plans.SelectMany(p => p.Kinds));
            var errors = score.SelectMany(k => k.Errors).Order().ToList();
            return new DemoSummary
            {
                SimulatedSeconds = simulated,
                WallSeconds = wall.Elapsed.TotalSeconds,
                Broker = $"mqtt://{host}:{port}",
                Rigs = [.. plans.Select(p => p.Label)],
                Simulated = truth.Count,
                Stored = Interlocked.Read(ref stored),
                Published = rigs.Sum(r => r.Runtime.Counters.Get("detections_published")),
                Acknowledged = rigs.Sum(r => r.Runtime.Counters.Get("detections_acknowledged")),
                Received = subscriber.Count,
                Duplicates = subscriber.Duplicates,
                OutOfOrder = subscriber.OutOfOrder,
                Lost = truth.Count - score.Sum(k => k.Matched),
                WithinStatedAccuracy = score.Sum(k => k.Within),
                GeotagErrorP50M = DemoSummary.Percentile(errors, 0.50),
                GeotagErrorP95M = DemoSummary.Percentile(errors, 0.95),
                GeotagErrorMaxM = errors.Count > 0 ? errors[^1] : double.NaN,
                Kinds = score,
                OutputDirectory = outDir,
            };
        }
        finally
        {
            foreach (var rig in rigs)
            {
                await rig.Runtime.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static List<DemoRigPlan> Plan(Scenario scenario, DemoRigs which, string ptyDir)
    {
        var plans = new List<DemoRigPlan>();
        if (which.HasFlag(DemoRigs.DetectorTeam) && scenario.Rigs.DetectorTeams.Count > 0)
        {
            var team = scenario.Rigs.DetectorTeams[0];
            var devices = new List<DeviceOptions>();
            var detectors = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 1; i <= team.Deminers; i++)
            {
                var gnss = DeviceNaming.DeminerGnss(team.Name, i);
                var detector = DeviceNaming.Detector(team.Name, i);
                detectors.Add(detector);
                devices.Add(new DeviceOptions { Name = gnss, Kind = DeviceKind.Gnss, Driver = DriverKind.Serial, Endpoint = Path.Combine(ptyDir, gnss), Baud = team.Gnss.Baud });
                devices.Add(new DeviceOptions
                {
                    Name = detector,
                    Kind = DeviceKind.Detector,
                    Driver = DriverKind.Serial,
                    Endpoint = Path.Combine(ptyDir, detector),
                    Baud = team.Baud,
                    PositionFrom = gnss,
                    // The antenna is carried behind the search head: the sensor is ahead of it along the heading.
                    LeverArm = new LeverArm(team.AntennaBehindHeadM, 0, 0),
                    // Alarm line team.gpioFirstLine + 2k, mark line + 1 (simulator IGpioOutput convention).
                    GpioChip = "telemetry-demo",
                    GpioAlarmLine = team.GpioFirstLine + (2 * (i - 1)),
                    GpioMarkLine = team.GpioFirstLine + (2 * (i - 1)) + 1,
                });
            }

            plans.Add(new DemoRigPlan(team.Name, $"detector team {team.Name} ({team.Deminers} deminers)", devices, detectors, [TruthEventKind.Alarm, TruthEventKind.Mark]));
        }

        if (which.HasFlag(DemoRigs.Machine))
        {
            foreach (var machine in scenario.Rigs.Machines)
            {
                var gnss = DeviceNaming.MachineGnss(machine.Name);
                var can = DeviceNaming.MachineCan(machine.Name);
                plans.Add(new DemoRigPlan(machine.Name, $"MEMATT {machine.Name}", [
                    new DeviceOptions { Name = gnss, Kind = DeviceKind.Gnss, Driver = DriverKind.Serial, Endpoint = Path.Combine(ptyDir, gnss), Baud = machine.Gnss.Baud },
                    new DeviceOptions
                    {
                        Name = can,
                        Kind = DeviceKind.Machine,
                        Protocol = Configuration.DeviceProtocol.Slcan,
                        Driver = DriverKind.Serial,
                        Endpoint = Path.Combine(ptyDir, can),
                        Baud = machine.Baud,
                        PositionFrom = gnss,
                        // The tiller drum is ahead of the dual-antenna receiver; a mine may go off anywhere along it.
                        LeverArm = new LeverArm(machine.TillerAheadOfAntennaM, 0, 0),
                        FootprintRadiusM = machine.WidthM / 2,
                    },
                ], [can], [TruthEventKind.Detonation]));
            }
        }

        if (which.HasFlag(DemoRigs.Drone))
        {
            foreach (var drone in scenario.Rigs.Drones)
            {
                var link = DeviceNaming.Drone(drone.Name);
                plans.Add(new DemoRigPlan(drone.Name, $"survey drone {drone.Name}", [
                    new DeviceOptions
                    {
                        Name = link,
                        Kind = DeviceKind.Drone,
                        Protocol = Configuration.DeviceProtocol.Mavlink2,
                        Driver = DriverKind.Serial,
                        Endpoint = Path.Combine(ptyDir, link),
                        Baud = drone.Baud,
                        // The magnetometer senses items abeam up to half the line spacing, and the payload evaluates
                        // them once per 0.1 s, so along the line it may be one such step behind.
                        FootprintRadiusM = Math.Sqrt(Math.Pow(drone.LineSpacingM / 2, 2) + Math.Pow(drone.SpeedMps * 0.1, 2)),
                    },
                ], [link], [TruthEventKind.DroneDetection]));
            }
        }

        return plans;
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
