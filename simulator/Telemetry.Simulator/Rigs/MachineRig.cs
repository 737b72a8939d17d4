using Telemetry.Simulator.Core;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Truth;
using Telemetry.Simulator.World;

namespace Telemetry.Simulator.Rigs;

/// <summary>
/// A tiller machine on its strip route. The tiller sweeps a rectangle of its working width along the route; every
/// intact item inside it is passed over, and those within working depth are either set off (probability per item
/// kind, a detonation in the ground truth and a shock on the machine) or broken up.
/// </summary>
internal sealed class MachineRig : IRig
{
    private readonly MachineSpec _spec;
    private readonly Route _route;
    private readonly SimulationContext _context;
    private readonly SimRandom _random;
    private readonly string _device;
    private LocalPoint? _lastTiller;
    private double _lastTime;

    public MachineRig(MachineSpec spec, SimulationContext context)
    {
        _spec = spec;
        _route = RoutePlanner.MachineStrips(spec);
        _context = context;
        _random = SimRandom.For(context.Seed, spec.Name + "/tiller");
        _device = DeviceNaming.MachineCan(spec.Name);
    }

    public string Name => _spec.Name;

    public MachineSpec Spec => _spec;

    public int Detonations { get; private set; }

    /// <summary>Time of the last detonation (shock and hydraulic spike follow it).</summary>
    public double LastDetonation { get; private set; } = double.NegativeInfinity;

    /// <summary>Peak shock of the last detonation, g.</summary>
    public double LastShockG { get; private set; }

    public RoutePose TillerAt(double t) => _route.At(t);

    public RigPose PoseAt(double t)
    {
        var pose = _route.At(t);
        var course = pose.CourseDeg * Math.PI / 180;
        var antenna = new LocalPoint(
            pose.Position.East - (_spec.TillerAheadOfAntennaM * Math.Sin(course)),
            pose.Position.North - (_spec.TillerAheadOfAntennaM * Math.Cos(course)));

        // Dual-antenna receiver on the cab roof ≈2.8 m up; heading follows the course on straight strips.
        return new RigPose(antenna, 2.8, pose.SpeedMps, pose.CourseDeg, pose.CourseDeg, pose.Working);
    }

    /// <summary>Runs the tiller from the last update to t.</summary>
    public void Update(double t)
    {
        var pose = _route.At(t);
        var from = _lastTiller ?? pose.Position;
        _lastTiller = pose.Position;
        var dt = t - _lastTime;
        _lastTime = t;
        if (!pose.Working || dt <= 0)
        {
            return;
        }

        var to = pose.Position;
        var length = from.DistanceTo(to);
        if (length <= 0)
        {
            return;
        }

        var middle = new LocalPoint((from.East + to.East) / 2, (from.North + to.North) / 2);
        var state = new SwathState(from, to, length, _spec.WidthM / 2, []);
        _context.Field.ForEachNear(middle, (length / 2) + (_spec.WidthM / 2), ref state, static (item, ref s) => s.Consider(item));
        foreach (var item in state.Hits)
        {
            _context.Truth.PassOver(item, SensorKind.Mematt, t);
            if (item.DepthM * 100 > _spec.WorkingDepthCm || !item.IsHazard)
            {
                continue;
            }

            if (_random.Chance(item.Kind.TillerDetonationProbability))
            {
                Detonations++;
                LastDetonation = t;
                LastShockG = item.Class == ItemClass.AP ? _random.Uniform(20, 100) : _random.Uniform(100, 250);
                _context.Truth.Destroy(item, t, detonated: true);
                _context.Truth.AddEvent(TruthEventKind.Detonation, _device, SensorKind.Mematt, t, item.Position, item);
            }
            else
            {
                _context.Truth.Destroy(item, t, detonated: false);
            }
        }
    }

    private readonly record struct SwathState(LocalPoint From, LocalPoint To, double Length, double HalfWidth, List<BuriedItem> Hits)
    {
        public void Consider(BuriedItem item)
        {
            // Projection along the segment in [0, length), lateral offset within half the working width.
            var ue = (To.East - From.East) / Length;
            var un = (To.North - From.North) / Length;
            var de = item.Position.East - From.East;
            var dn = item.Position.North - From.North;
            var along = (de * ue) + (dn * un);
            var across = Math.Abs((de * un) - (dn * ue));
            if (along >= 0 && along < Length && across <= HalfWidth)
            {
                Hits.Add(item);
            }
        }
    }
}
