using System.Globalization;
using Telemetry.Simulator.Core;
using Telemetry.Simulator.Devices;
using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Gnss;
using Telemetry.Simulator.Outputs;
using Telemetry.Simulator.Rigs;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Truth;
using Telemetry.Simulator.World;

namespace Telemetry.Simulator.Engine;

/// <summary>
/// The discrete-event core: every device ticks at its own rate, scripted actions (unplug, replug, hooks) run at
/// their times, all in one simulation-time order with ties broken by a fixed index. Nothing here reads a wall clock,
/// so the same scenario and seed give the same bytes at any speed.
/// </summary>
internal sealed class SimulationEngine
{
    private readonly List<DeviceChannel> _channels = [];
    private readonly PriorityQueue<int, (double Time, int Index)> _queue = new();
    private readonly List<(double Time, int Order, Action Run)> _actions = [];
    private readonly Dictionary<string, GnssErrorModel> _gnssModels = new(StringComparer.Ordinal);
    private int _nextAction;

    public SimulationEngine(Scenario scenario, ulong seed, Func<string, IDeviceSink> sinkFor, IGpioOutput? gpio, SimulationHooks? hooks)
    {
        Scenario = scenario;
        Seed = seed;
        Hooks = hooks ?? new SimulationHooks();
        var origin = scenario.Site.Origin;
        var frame = new LocalFrame(new GeoPoint(origin.Lat, origin.Lon, origin.AltitudeM));
        var field = Minefield.Generate(scenario, seed);
        Truth = new GroundTruth(field, frame);
        Context = new SimulationContext(seed, scenario.Start, frame, scenario.Site.GeoidSeparationM, field, Truth, gpio);
        RigClock = new RigClock(scenario.Start, () => Now);

        var devices = new List<SimDevice>();
        foreach (var team in scenario.Rigs.DetectorTeams)
        {
            for (var i = 0; i < team.Deminers; i++)
            {
                var deminer = new Deminer(team, i);
                devices.Add(new DetectorAdapterDevice(team, i, deminer, Context));
                devices.Add(Gnss(DeviceNaming.DeminerGnss(team.Name, i + 1), SensorKind.Detector, team.Gnss, new DeminerRig(deminer)));
            }
        }

        foreach (var machine in scenario.Rigs.Machines)
        {
            var rig = new MachineRig(machine, Context);
            devices.Add(new MachineCanDevice(rig));
            devices.Add(Gnss(DeviceNaming.MachineGnss(machine.Name), SensorKind.Mematt, machine.Gnss, rig));
        }

        foreach (var drone in scenario.Rigs.Drones)
        {
            var name = DeviceNaming.Drone(drone.Name);
            var model = new GnssErrorModel(drone.Gnss, SimRandom.For(seed, name + "/gnss"), frame);
            _gnssModels[name] = model;
            devices.Add(new DroneAutopilotDevice(new DroneRig(drone, Context), model, Context));
        }

        foreach (var device in devices)
        {
            var faults = scenario.Faults.Where(f => f.Device == device.Name);
            var channel = new DeviceChannel(device, new ByteFaults(faults, SimRandom.For(seed, device.Name + "/faults"), device.Baud), sinkFor(device.Name));
            _queue.Enqueue(_channels.Count, (0, _channels.Count));
            _channels.Add(channel);
        }

        ScheduleFaults(scenario);
    }

    public Scenario Scenario { get; }

    public ulong Seed { get; }

    public SimulationHooks Hooks { get; }

    public SimulationContext Context { get; }

    public GroundTruth Truth { get; }

    public RigClock RigClock { get; }

    /// <summary>Simulation time reached, seconds.</summary>
    public double Now { get; private set; }

    public IReadOnlyList<DeviceChannel> Channels => _channels;

    /// <summary>Runs every tick and action scheduled before <paramref name="until"/>.</summary>
    public void RunUntil(double until)
    {
        while (true)
        {
            var deviceTime = _queue.TryPeek(out var index, out var priority) ? priority.Time : double.PositiveInfinity;
            var actionTime = _nextAction < _actions.Count ? _actions[_nextAction].Time : double.PositiveInfinity;
            var next = Math.Min(deviceTime, actionTime);
            if (next >= until)
            {
                break;
            }

            Now = next;
            if (actionTime <= deviceTime)
            {
                _actions[_nextAction++].Run();
                continue;
            }

            _queue.Dequeue();
            var channel = _channels[index];
            channel.Tick();
            _queue.Enqueue(index, (channel.Device.NextTime, index));
        }

        if (!double.IsPositiveInfinity(until))
        {
            Now = until;
        }
    }

    private GnssReceiverDevice Gnss(string name, SensorKind sensor, GnssSpec spec, IRig rig)
    {
        var model = new GnssErrorModel(spec, SimRandom.For(Seed, name + "/gnss"), Context.Frame);
        _gnssModels[name] = model;
        return new GnssReceiverDevice(name, sensor, spec, model, rig, Context);
    }

    private void ScheduleFaults(Scenario scenario)
    {
        for (var i = 0; i < scenario.Faults.Count; i++)
        {
            var f = scenario.Faults[i];
            var end = f.At + f.DurationSeconds;
            var label = f.Kind.ToString();
            var detail = Describe(f);
            Schedule(f.At, () => Truth.AddFault(f.At, label, f.Device, "start: " + detail));
            if (f.Kind != FaultKind.ClockJump)
            {
                Schedule(end, () => Truth.AddFault(end, label, f.Device, "end"));
            }

            switch (f.Kind)
            {
                case FaultKind.Unplug:
                    var channel = _channels.First(c => c.Device.Name == f.Device);
                    Schedule(f.At, () =>
                    {
                        channel.Sink.Unplug(f.At);
                        Hooks.DevicePlug?.Invoke(channel.Device.Name, false);
                    });
                    Schedule(end, () =>
                    {
                        channel.Sink.Replug(end);
                        Hooks.DevicePlug?.Invoke(channel.Device.Name, true);
                    });
                    break;
                case FaultKind.RtkLoss:
                    GnssModel(f, i).AddRtkLoss(f.At, end);
                    break;
                case FaultKind.GnssDropout:
                    GnssModel(f, i).AddDropout(f.At, end);
                    break;
                case FaultKind.Multipath:
                    GnssModel(f, i).AddMultipath(f.At, end, f.JumpM);
                    break;
                case FaultKind.ClockJump:
                    var offset = TimeSpan.FromSeconds(f.OffsetSeconds);
                    Schedule(f.At, () =>
                    {
                        RigClock.Jump(offset);
                        Hooks.ClockJump?.Invoke(offset);
                    });
                    break;
                case FaultKind.BrokerOutage:
                    Schedule(f.At, () => Hooks.BrokerOutage?.Invoke(true));
                    Schedule(end, () => Hooks.BrokerOutage?.Invoke(false));
                    break;
                default:
                    // Byte-level faults act inside the device's channel (ByteFaults) at each tick.
                    break;
            }
        }

        // Stable sort: by time, then by scheduling order, so simultaneous actions always run in the same order.
        _actions.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Order.CompareTo(b.Order));
    }

    private GnssErrorModel GnssModel(FaultSpec f, int index) =>
        f.Device is not null && _gnssModels.TryGetValue(f.Device, out var model)
            ? model
            : throw new ScenarioException(
                $"faults[{index}].device: {f.Kind} needs a GNSS device (one of {string.Join(", ", _gnssModels.Keys)}), not '{f.Device}'.");

    private void Schedule(double time, Action run) => _actions.Add((time, _actions.Count, run));

    private static string Describe(FaultSpec f) => f.Kind switch
    {
        FaultKind.Corrupt or FaultKind.Drop => string.Create(CultureInfo.InvariantCulture, $"p={f.Rate} per byte for {f.DurationSeconds} s"),
        FaultKind.Noise => string.Create(CultureInfo.InvariantCulture, $"{f.Rate} bytes/s for {f.DurationSeconds} s"),
        FaultKind.BaudMismatch => string.Create(CultureInfo.InvariantCulture, $"device sends at {f.ActualBaud} baud for {f.DurationSeconds} s"),
        FaultKind.Multipath => string.Create(CultureInfo.InvariantCulture, $"{f.JumpM} m jump for {f.DurationSeconds} s"),
        FaultKind.ClockJump => string.Create(CultureInfo.InvariantCulture, $"rig clock {f.OffsetSeconds:+0.###;-0.###} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{f.DurationSeconds} s"),
    };
}
