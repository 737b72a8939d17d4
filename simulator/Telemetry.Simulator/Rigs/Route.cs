using Telemetry.Simulator.Core;

namespace Telemetry.Simulator.Rigs;

/// <summary>Where a route puts its rig at one instant.</summary>
internal readonly record struct RoutePose(LocalPoint Position, double SpeedMps, double CourseDeg, bool Working, int Leg, bool Finished);

/// <summary>
/// A rig path as straight legs, each with its own duration and a working flag (tool down, survey on). Position is
/// an exact function of time, so every device on the rig agrees about where it is whatever its rate.
/// </summary>
internal sealed class Route
{
    private readonly List<(LocalPoint From, LocalPoint To, double Start, double Duration, bool Working)> _legs = [];

    public double TotalSeconds { get; private set; }

    public int LegCount => _legs.Count;

    public void Add(LocalPoint from, LocalPoint to, double duration, bool working)
    {
        _legs.Add((from, to, TotalSeconds, duration, working));
        TotalSeconds += duration;
    }

    public RoutePose At(double t)
    {
        if (_legs.Count == 0)
        {
            return new RoutePose(default, 0, 0, false, -1, true);
        }

        if (t >= TotalSeconds)
        {
            var last = _legs[^1];
            return new RoutePose(last.To, 0, Course(last.From, last.To), false, _legs.Count - 1, true);
        }

        // Binary search for the leg containing t.
        int lo = 0, hi = _legs.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_legs[mid].Start <= t)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        var leg = _legs[lo];
        var f = leg.Duration <= 0 ? 1 : Math.Clamp((t - leg.Start) / leg.Duration, 0, 1);
        var position = new LocalPoint(
            leg.From.East + ((leg.To.East - leg.From.East) * f),
            leg.From.North + ((leg.To.North - leg.From.North) * f));
        var speed = leg.Duration <= 0 ? 0 : leg.From.DistanceTo(leg.To) / leg.Duration;
        return new RoutePose(position, speed, Course(leg.From, leg.To), leg.Working, lo, false);
    }

    private static double Course(LocalPoint from, LocalPoint to)
    {
        var degrees = Math.Atan2(to.East - from.East, to.North - from.North) * 180 / Math.PI;
        return degrees < 0 ? degrees + 360 : degrees;
    }
}
