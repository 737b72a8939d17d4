using FsCheck;
using FsCheck.Fluent;
using Telemetry.Geo.Coordinates;
using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Gnss;
using Telemetry.Geo.Tests.Support;
using Telemetry.Geo.Time;

namespace Telemetry.Geo.Tests.Geotagging;

/// <summary>Property tests of the interpolation and its error bound.</summary>
public sealed class InterpolationPropertyTests
{
    private const double Step = 0.05; // acceleration changes every 50 ms

    // Exact options for the bound: no margin, no timing term, so only the physics (speed and acceleration) is tested.
    private static readonly GeotagOptions Exact = new() { SpeedMargin = 1, TimeUncertainty = TimeSpan.Zero, MaxAccelerationMps2 = 2 };

    [Fact]
    public void Interpolation_error_never_exceeds_the_stated_bound_for_any_path_within_the_speed_and_acceleration_limits()
    {
        // A path: initial velocity up to 3 m/s, then piecewise-constant accelerations with |a| ≤ 2 m/s² (each axis ≤ 1.4).
        var gen =
            from vx in Gen.Choose(-2100, 2100)
            from vy in Gen.Choose(-2100, 2100)
            from accel in Gen.ArrayOf(Gen.Choose(-1400, 1400), 2 * 60)
            from rate in Gen.Elements(1.0, 5.0, 10.0, 20.0)
            from at in Gen.Choose(1, 999)
            select (vx / 1000.0, vy / 1000.0, accel.Select(a => a / 1000.0).ToArray(), rate, at / 1000.0);

        Prop.ForAll(Arb.From(gen), c =>
        {
            var (vx, vy, accel, rate, at) = c;
            var path = Integrate(vx, vy, accel);
            var sim = new SyntheticTrack(path) { RateHz = rate, Latency = TimeSpan.Zero, Jitter = TimeSpan.Zero };
            var track = new GnssTrack(256);
            var tagger = new Geotagger(Exact, track, new RigClock());
            sim.Feed(track, 0, 3.0);
            var t = 0.05 + (at * 2.8);

            var d = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(t)), TestDetections.Now(t));
            var error = sim.ErrorOf(d.Position, sim.Antenna(t));
            var bound = d.Position.InterpolationSigma * GeoPosition.Radius95PerSigma;
            return (d.Position.Status is PositionStatus.Interpolated or PositionStatus.Exact && error <= bound + 1e-6)
                .Label($"t={t:F3} rate={rate} error={error:F5} bound={bound:F5} status={d.Position.Status}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_interpolated_point_lies_on_the_segment_between_the_fixes_at_the_time_fraction()
    {
        var gen =
            from lat in Gen.Choose(390_000, 404_000).Select(i => i / 10_000.0)
            from lon in Gen.Choose(460_000, 472_000).Select(i => i / 10_000.0)
            from de in Gen.Choose(-20_000, 20_000).Select(i => i / 1000.0)
            from dn in Gen.Choose(-20_000, 20_000).Select(i => i / 1000.0)
            from gapMs in Gen.Choose(50, 1900)
            from fraction in Gen.Choose(1, 999).Select(i => i / 1000.0)
            select (lat, lon, de, dn, gapMs, fraction);

        Prop.ForAll(Arb.From(gen), c =>
        {
            var frame = new LocalFrame(c.lat, c.lon, 0);
            var (lat2, lon2, _) = frame.ToGeodetic(c.de, c.dn, 0);
            var gapNs = c.gapMs * 1_000_000L;
            var track = new GnssTrack(8);
            track.Add(new GnssFix(1_000_000_000_000, 1_000_000_000_000, c.lat, c.lon, GnssFixType.RtkFixed));
            track.Add(new GnssFix(1_000_000_000_000 + gapNs, 1_000_000_000_000 + gapNs, lat2, lon2, GnssFixType.RtkFixed));
            var tagger = new Geotagger(new GeotagOptions(), track, new RigClock());
            var eventNs = 1_000_000_000_000 + (long)(c.fraction * gapNs);

            var p = tagger.Geotag(TestDetections.Metal(eventNs), new SystemClockSample(eventNs, eventNs, true)).Position;
            var (e, n, _) = frame.ToLocal(p.Latitude, p.Longitude, 0);
            var w = (double)(eventNs - 1_000_000_000_000) / gapNs;
            return Math.Abs(e - (w * c.de)) < 1e-6 && Math.Abs(n - (w * c.dn)) < 1e-6;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_constant_velocity_path_is_interpolated_exactly()
    {
        var gen =
            from ve in Gen.Choose(-3000, 3000).Select(i => i / 1000.0)
            from vn in Gen.Choose(-3000, 3000).Select(i => i / 1000.0)
            from at in Gen.Choose(100, 9_900).Select(i => i / 1000.0)
            select (ve, vn, at);

        Prop.ForAll(Arb.From(gen), c =>
        {
            var sim = new SyntheticTrack(t => (c.ve * t, c.vn * t)) { Latency = TimeSpan.Zero, Jitter = TimeSpan.Zero };
            var track = new GnssTrack(256);
            var tagger = new Geotagger(Exact, track, new RigClock());
            sim.Feed(track, 0, 10);

            var d = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(c.at)), TestDetections.Now(c.at));
            return sim.ErrorOf(d.Position, sim.Antenna(c.at)) < 1e-6;
        }).QuickCheckThrowOnFailure();
    }

    // Exact positions of a piecewise-constant-acceleration path (x = x₀ + v τ + ½ a τ² per 50 ms segment).
    private static Func<double, (double East, double North)> Integrate(double vx, double vy, double[] accel)
    {
        var segments = accel.Length / 2;
        var px = new double[segments + 1];
        var py = new double[segments + 1];
        var sx = new double[segments + 1];
        var sy = new double[segments + 1];
        sx[0] = vx;
        sy[0] = vy;
        for (var k = 0; k < segments; k++)
        {
            px[k + 1] = px[k] + (sx[k] * Step) + (0.5 * accel[2 * k] * Step * Step);
            py[k + 1] = py[k] + (sy[k] * Step) + (0.5 * accel[(2 * k) + 1] * Step * Step);
            sx[k + 1] = sx[k] + (accel[2 * k] * Step);
            sy[k + 1] = sy[k] + (accel[(2 * k) + 1] * Step);
        }

        return t =>
        {
            var k = Math.Clamp((int)Math.Floor(t / Step), 0, segments - 1);
            var tau = t - (k * Step);
            return (px[k] + (sx[k] * tau) + (0.5 * accel[2 * k] * tau * tau),
                    py[k] + (sy[k] * tau) + (0.5 * accel[(2 * k) + 1] * tau * tau));
        };
    }
}
