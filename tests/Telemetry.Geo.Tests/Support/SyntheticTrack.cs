using Telemetry.Geo.Coordinates;
using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Gnss;

namespace Telemetry.Geo.Tests.Support;

/// <summary>
/// A platform moving along a known path (metres east/north of an origin near Aghdam, on the 40°N S/T band edge),
/// sampled by a simulated receiver. The truth is the path itself, so every geotag can be checked against it.
/// Time t is seconds since the start; GNSS UTC and gateway monotonic time are both derived from t, with a
/// receiver output latency (configurable, with deterministic jitter) between an epoch and its arrival.
/// </summary>
internal sealed class SyntheticTrack
{
    public static readonly long StartUtcNs = GnssFix.ToUtcNs(new DateTime(2026, 5, 15, 8, 15, 30, DateTimeKind.Utc));
    public const long MonotonicBaseNs = 5_000_000_000_000;
    public const double GeoidSeparation = -16.9;

    private readonly Func<double, (double East, double North)> _path;
    private readonly Random _jitter = new(12345);

    public SyntheticTrack(Func<double, (double East, double North)> path, double originLat = 39.9995, double originLon = 46.93)
    {
        _path = path;
        Frame = new LocalFrame(originLat, originLon, 300);
    }

    public LocalFrame Frame { get; }

    public double RateHz { get; init; } = 10;

    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(30);

    public TimeSpan Jitter { get; init; } = TimeSpan.FromMilliseconds(2);

    public Func<double, GnssFixType> FixTypeAt { get; init; } = _ => GnssFixType.RtkFixed;

    public Func<double, bool> DropoutAt { get; init; } = _ => false;

    public bool WithGst { get; init; } = true;

    public bool WithHdt { get; init; }

    public bool WithCourse { get; init; } = true;

    public static long MonotonicAt(double t) => MonotonicBaseNs + (long)Math.Round(t * 1e9);

    public static long UtcAt(double t) => StartUtcNs + (long)Math.Round(t * 1e9);

    public (double East, double North) Antenna(double t) => _path(t);

    public (double Speed, double CourseDeg) Velocity(double t)
    {
        const double h = 1e-4;
        var (e1, n1) = _path(t - h);
        var (e2, n2) = _path(t + h);
        var ve = (e2 - e1) / (2 * h);
        var vn = (n2 - n1) / (2 * h);
        var course = double.RadiansToDegrees(Math.Atan2(ve, vn));
        return (Math.Sqrt((ve * ve) + (vn * vn)), course < 0 ? course + 360 : course);
    }

    /// <summary>True sensor position (east, north) for a lever arm, heading taken from the direction of travel.</summary>
    public (double East, double North) Sensor(double t, LeverArm arm, double headingDeg)
    {
        var (e, n) = _path(t);
        var (de, dn) = arm.Rotate(headingDeg);
        return (e + de, n + dn);
    }

    public GnssFix FixAt(double t)
    {
        var (e, n) = _path(t);
        var (lat, lon, h) = Frame.ToGeodetic(e, n, 0);
        var type = FixTypeAt(t);
        var (speed, course) = Velocity(t);
        var sigma = type switch
        {
            GnssFixType.RtkFixed => 0.01,
            GnssFixType.RtkFloat => 0.3,
            _ => 2.5,
        };
        var jitterNs = (long)(_jitter.NextDouble() * Jitter.Ticks * 100);
        return new GnssFix(UtcAt(t), MonotonicAt(t) + (Latency.Ticks * 100) + jitterNs, lat, lon, type)
        {
            AltitudeMsl = h - GeoidSeparation,
            GeoidSeparation = GeoidSeparation,
            Satellites = type == GnssFixType.Autonomous ? 9 : 18,
            Hdop = type == GnssFixType.Autonomous ? 1.2 : 0.6,
            SigmaLatitude = WithGst ? sigma : double.NaN,
            SigmaLongitude = WithGst ? sigma : double.NaN,
            SigmaAltitude = WithGst ? 2 * sigma : double.NaN,
            SpeedMps = WithCourse ? speed : double.NaN,
            CourseDeg = WithCourse ? course : double.NaN,
            HeadingDeg = WithHdt ? course : double.NaN,
        };
    }

    /// <summary>Feeds the epochs in [from, to] (skipping dropouts) into the track.</summary>
    public void Feed(GnssTrack track, double from, double to)
    {
        var step = 1 / RateHz;
        for (var k = (long)Math.Ceiling(from * RateHz); k * step <= to + 1e-9; k++)
        {
            var t = k * step;
            if (!DropoutAt(t))
            {
                track.Add(FixAt(t));
            }
        }
    }

    /// <summary>Horizontal distance in metres between a geotag and a true east/north position.</summary>
    public double ErrorOf(in GeoPosition p, (double East, double North) truth)
    {
        var (e, n, _) = Frame.ToLocal(p.Latitude, p.Longitude, double.IsFinite(p.EllipsoidHeight) ? p.EllipsoidHeight : 300);
        return Math.Sqrt(((e - truth.East) * (e - truth.East)) + ((n - truth.North) * (n - truth.North)));
    }
}
