using Telemetry.Simulator.Core;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Truth;
using Telemetry.Simulator.World;

namespace Telemetry.Simulator.Rigs;

/// <summary>A survey detection the drone's payload computer reports.</summary>
internal readonly record struct DroneDetection(int Id, double Time, LocalPoint Reported, double SignalNt, double ConfidencePercent, TruthEvent Truth);

/// <summary>
/// A magnetometer survey drone on its lawnmower route, until the battery's endurance runs out. Each item abeam of a
/// survey line is evaluated once, at its closest approach: anomaly ΔB = k·mass/r³ (dipole falloff) plus noise against
/// the detection threshold; clutter makes most detections, as in real surveys. Reported positions carry the drone's
/// own GNSS error and the payload's localisation error.
/// </summary>
internal sealed class DroneRig : IRig
{
    private const double LocalisationSigmaM = 0.2;
    private readonly DroneSpec _spec;
    private readonly Route _route;
    private readonly SimulationContext _context;
    private readonly SimRandom _random;
    private readonly string _device;
    private readonly Queue<DroneDetection> _pending = new();
    private LocalPoint? _last;
    private int _detections;

    public DroneRig(DroneSpec spec, SimulationContext context)
    {
        _spec = spec;
        _route = RoutePlanner.DroneLawnmower(spec);
        _context = context;
        _random = SimRandom.For(context.Seed, spec.Name + "/payload");
        _device = DeviceNaming.Drone(spec.Name);
        FlightSeconds = Math.Min(_route.TotalSeconds, spec.EnduranceSeconds);
    }

    public string Name => _spec.Name;

    public DroneSpec Spec => _spec;

    public double FlightSeconds { get; }

    /// <summary>The drone's current GNSS error (reported − true), m east and north; set by its autopilot.</summary>
    public LocalPoint GnssError { get; set; }

    public bool Airborne(double t) => t < FlightSeconds;

    public RigPose PoseAt(double t)
    {
        var pose = _route.At(Math.Min(t, FlightSeconds));
        return Airborne(t)
            ? new RigPose(pose.Position, _spec.AltitudeM, pose.SpeedMps, pose.CourseDeg, pose.CourseDeg, pose.Working)
            : new RigPose(pose.Position, 0, 0, pose.CourseDeg, pose.CourseDeg, false);
    }

    public bool TryTakeDetection(out DroneDetection detection) => _pending.TryDequeue(out detection);

    /// <summary>Runs the payload from the last update to t.</summary>
    public void Update(double t)
    {
        var pose = PoseAt(t);
        var from = _last ?? pose.Antenna;
        _last = pose.Antenna;
        var to = pose.Antenna;
        var length = from.DistanceTo(to);
        if (!pose.Working || length <= 0)
        {
            return;
        }

        var half = _spec.LineSpacingM / 2;
        var middle = new LocalPoint((from.East + to.East) / 2, (from.North + to.North) / 2);
        var state = new AbeamState(from, to, length, half, []);
        _context.Field.ForEachNear(middle, (length / 2) + half, ref state, static (item, ref s) => s.Consider(item));
        foreach (var (item, across) in state.Hits)
        {
            _context.Truth.PassOver(item, SensorKind.Drone, t);
            var r = Math.Sqrt((across * across) + Math.Pow(_spec.AltitudeM + item.DepthM, 2));
            var anomaly = item.Kind.MagneticNtPerKg * (item.MetalGrams / 1000) / (r * r * r);
            var measured = anomaly + _random.Gaussian(0, _spec.NoiseNt);
            if (measured > _spec.DetectionThresholdNt)
            {
                Report(t, item.Position, item, measured);
            }
        }

        var falseCount = _random.Poisson(_spec.FalseDetectionsPerKm * length / 1000);
        for (var i = 0; i < falseCount; i++)
        {
            var f = _random.NextDouble();
            var offset = _random.Uniform(-half, half);
            var ue = (to.East - from.East) / length;
            var un = (to.North - from.North) / length;
            var spot = new LocalPoint(from.East + (f * (to.East - from.East)) + (offset * un), from.North + (f * (to.North - from.North)) - (offset * ue));
            Report(t, spot, null, _spec.DetectionThresholdNt + Math.Abs(_random.Gaussian(0, _spec.NoiseNt)));
        }
    }

    private void Report(double t, LocalPoint truePosition, BuriedItem? item, double signal)
    {
        var truth = _context.Truth.AddEvent(TruthEventKind.DroneDetection, _device, SensorKind.Drone, t, truePosition, item);
        var reported = new LocalPoint(
            truePosition.East + GnssError.East + _random.Gaussian(0, LocalisationSigmaM),
            truePosition.North + GnssError.North + _random.Gaussian(0, LocalisationSigmaM));
        var confidence = Math.Clamp(100 * (1 - Math.Exp(-(signal - _spec.DetectionThresholdNt) / (2 * _spec.NoiseNt))), 1, 99);
        _pending.Enqueue(new DroneDetection(++_detections, t, reported, signal, confidence, truth));
    }

    private readonly record struct AbeamState(LocalPoint From, LocalPoint To, double Length, double HalfSpacing, List<(BuriedItem Item, double Across)> Hits)
    {
        public void Consider(BuriedItem item)
        {
            var ue = (To.East - From.East) / Length;
            var un = (To.North - From.North) / Length;
            var de = item.Position.East - From.East;
            var dn = item.Position.North - From.North;
            var along = (de * ue) + (dn * un);
            var across = Math.Abs((de * un) - (dn * ue));
            if (along >= 0 && along < Length && across <= HalfSpacing)
            {
                Hits.Add((item, across));
            }
        }
    }
}
