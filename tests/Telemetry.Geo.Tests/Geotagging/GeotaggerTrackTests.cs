using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Gnss;
using Telemetry.Geo.Tests.Support;
using Telemetry.Geo.Time;

namespace Telemetry.Geo.Tests.Geotagging;

/// <summary>Geotags against synthetic tracks whose truth is known.</summary>
public sealed class GeotaggerTrackTests
{
    private static readonly GeotagOptions NoArm = new();

    private static (Geotagger Tagger, GnssTrack Track) Create(GeotagOptions? options = null) =>
        CreateWith(options ?? NoArm);

    private static (Geotagger Tagger, GnssTrack Track) CreateWith(GeotagOptions options)
    {
        var track = new GnssTrack(256, outputLatency: TimeSpan.FromMilliseconds(30));
        return (new Geotagger(options, track, new RigClock()), track);
    }

    [Fact]
    public void Straight_line_is_interpolated_to_millimetres_and_inside_the_stated_accuracy()
    {
        // 1.5 m/s on a bearing of 60°, RTK fixed, 10 Hz.
        var (sin, cos) = Math.SinCos(double.DegreesToRadians(60));
        var sim = new SyntheticTrack(t => (1.5 * t * sin, 1.5 * t * cos));
        var (tagger, track) = Create();
        sim.Feed(track, 0, 20);

        for (var t = 1.013; t < 19; t += 0.537)
        {
            var d = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(t)), TestDetections.Now(t));
            var error = sim.ErrorOf(d.Position, sim.Antenna(t));

            Assert.Equal(PositionStatus.Interpolated, d.Position.Status);
            Assert.Equal(GnssFixType.RtkFixed, d.Position.FixType);
            Assert.Equal(SigmaSource.Gst, d.Position.SigmaSource);
            Assert.Equal(ClockSource.Gnss, d.ClockSource);
            Assert.True(error < 0.005, $"t={t}: error {error:F4} m");
            Assert.True(error <= d.Position.HorizontalAccuracy, $"t={t}: error {error:F4} > {d.Position.HorizontalAccuracy:F4}");
            Assert.InRange(d.Position.FixAgeNs, 0, 50_000_000);
        }
    }

    [Fact]
    public void Turning_on_a_tight_circle_stays_inside_the_stated_accuracy()
    {
        // 2 m/s round a 3 m radius (a machine pivoting), 5 Hz: the chord cuts the arc by up to r(1 − cos(θ/2)).
        const double r = 3, w = 2.0 / r;
        var sim = new SyntheticTrack(t => (r * Math.Sin(w * t), r - (r * Math.Cos(w * t)))) { RateHz = 5 };
        var (tagger, track) = Create();
        sim.Feed(track, 0, 30);

        var worst = 0.0;
        for (var t = 0.5; t < 29; t += 0.0731)
        {
            var d = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(t)), TestDetections.Now(t));
            var error = sim.ErrorOf(d.Position, sim.Antenna(t));
            worst = Math.Max(worst, error);
            Assert.True(error <= d.Position.HorizontalAccuracy, $"t={t}: error {error:F4} > {d.Position.HorizontalAccuracy:F4}");
        }

        // Chord sagitta at 5 Hz: 3·(1 − cos(0.0667)) ≈ 6.7 mm; the interpolation really does err here.
        Assert.InRange(worst, 0.002, 0.02);
    }

    [Fact]
    public void Stop_and_go_has_no_heading_while_stopped_and_widens_for_the_lever_arm()
    {
        // Moves north at 1 m/s for 5 s, stops 5 s, moves on. No HDT: heading only from course when moving.
        static (double, double) Path(double t) => (0, t < 5 ? t : t < 10 ? 5 : 5 + (t - 10));
        var arm = new LeverArm(1.2, 0, 0.9);
        var sim = new SyntheticTrack(Path);
        var (tagger, track) = Create(new GeotagOptions { LeverArm = arm });
        sim.Feed(track, 0, 15);

        var moving = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(2.55)), TestDetections.Now(2.55));
        Assert.Equal(HeadingSource.Course, moving.Position.HeadingSource);
        Assert.True(moving.Position.LeverArmApplied);
        var movingError = sim.ErrorOf(moving.Position, sim.Sensor(2.55, arm, 0));
        Assert.True(movingError < 0.01, $"moving error {movingError}");

        var stopped = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(7.55)), TestDetections.Now(7.55));
        Assert.Equal(HeadingSource.Unknown, stopped.Position.HeadingSource);
        Assert.False(stopped.Position.LeverArmApplied);
        Assert.True(double.IsNaN(stopped.Position.HeadingDeg));
        Assert.Equal(arm.HorizontalLength / Math.Sqrt(2), stopped.Position.LeverArmSigma, 1e-9);
        var stoppedError = sim.ErrorOf(stopped.Position, sim.Sensor(7.55, arm, 0));
        Assert.True(stoppedError <= stopped.Position.HorizontalAccuracy, $"stopped: {stoppedError} > {stopped.Position.HorizontalAccuracy}");
        Assert.Equal(300 - arm.Down, stopped.Position.EllipsoidHeight, 0.001); // tilt ignored: "down" is vertical
    }

    [Fact]
    public void A_dropout_longer_than_the_max_fix_age_flags_stale_with_its_age_never_a_silent_position()
    {
        var sim = new SyntheticTrack(t => (0, 1.0 * t)) { DropoutAt = t => t is > 10.05 and < 16 };
        var (tagger, track) = Create();
        sim.Feed(track, 0, 20);

        // 3 s into a 6 s gap: both neighbours more than 2 s away.
        var mid = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(13)), TestDetections.Now(13));
        Assert.Equal(PositionStatus.Stale, mid.Position.Status);
        Assert.True(mid.Position.IsStale);
        Assert.Equal(3.0, mid.Position.FixAgeNs * 1e-9, 0.05);
        Assert.True(mid.Position.HorizontalAccuracy >= NoArm.MaxSpeedMps * 3 * 0.99, "stale accuracy must cover max speed × age");

        // 1 s into the gap: interpolated, but with a large, honest motion term that covers the truth.
        var early = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(11)), TestDetections.Now(11));
        Assert.Equal(PositionStatus.Interpolated, early.Position.Status);
        Assert.True(early.Position.InterpolationSigma > 0.1);
        Assert.True(sim.ErrorOf(early.Position, sim.Antenna(11)) <= early.Position.HorizontalAccuracy);
    }

    [Fact]
    public void Rtk_to_float_to_autonomous_takes_the_worse_fix_and_its_sigma()
    {
        static GnssFixType TypeAt(double t) => t < 5 ? GnssFixType.RtkFixed : t < 10 ? GnssFixType.RtkFloat : GnssFixType.Autonomous;
        var sim = new SyntheticTrack(t => (0.5 * t, 0)) { FixTypeAt = TypeAt };
        var (tagger, track) = Create();
        sim.Feed(track, 0, 15);

        var fixedPart = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(2.55)), TestDetections.Now(2.55));
        var transition = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(4.95)), TestDetections.Now(4.95));
        var floatPart = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(7.55)), TestDetections.Now(7.55));
        var autonomous = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(12.55)), TestDetections.Now(12.55));

        Assert.Equal(GnssFixType.RtkFixed, fixedPart.Position.FixType);
        Assert.Equal(0.01, fixedPart.Position.GnssSigma, 1e-12);
        Assert.Equal(GnssFixType.RtkFloat, transition.Position.FixType); // between a fixed and a float epoch
        Assert.Equal(0.3, transition.Position.GnssSigma, 1e-12);
        Assert.Equal(GnssFixType.RtkFloat, floatPart.Position.FixType);
        Assert.Equal(GnssFixType.Autonomous, autonomous.Position.FixType);
        Assert.Equal(2.5, autonomous.Position.GnssSigma, 1e-12);
        Assert.True(fixedPart.Position.HorizontalAccuracy < floatPart.Position.HorizontalAccuracy);
        Assert.True(floatPart.Position.HorizontalAccuracy < autonomous.Position.HorizontalAccuracy);
    }

    [Fact]
    public void Without_GST_sigma_comes_from_HDOP_and_the_UERE_model()
    {
        var sim = new SyntheticTrack(t => (0, 0.3 * t)) { WithGst = false, FixTypeAt = _ => GnssFixType.Dgps };
        var (tagger, track) = Create();
        sim.Feed(track, 0, 5);

        var d = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(2.5)), TestDetections.Now(2.5));

        Assert.Equal(SigmaSource.Hdop, d.Position.SigmaSource);
        Assert.Equal(0.6 * new UereModel().Dgps / Math.Sqrt(2), d.Position.GnssSigma, 1e-12);
    }

    [Fact]
    public void After_the_last_fix_extrapolates_within_the_limit_then_holds_then_goes_stale()
    {
        var sim = new SyntheticTrack(t => (1.0 * t, 0));
        var (tagger, track) = Create();
        sim.Feed(track, 0, 10);

        var soon = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(10.15)), TestDetections.Now(10.15));
        Assert.Equal(PositionStatus.Extrapolated, soon.Position.Status);
        Assert.True(sim.ErrorOf(soon.Position, sim.Antenna(10.15)) < 0.02);

        var later = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(11)), TestDetections.Now(11));
        Assert.Equal(PositionStatus.Held, later.Position.Status);
        Assert.False(later.Position.IsStale);
        Assert.Equal(1.0, later.Position.FixAgeNs * 1e-9, 0.01);
        var laterError = sim.ErrorOf(later.Position, sim.Antenna(11));
        Assert.InRange(laterError, 0.9, 1.1); // not moved: the hold is honest about it ...
        Assert.True(laterError <= later.Position.HorizontalAccuracy); // ... and its accuracy covers it

        var stale = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(13)), TestDetections.Now(13));
        Assert.Equal(PositionStatus.Stale, stale.Position.Status);
        Assert.Equal(3.0, stale.Position.FixAgeNs * 1e-9, 0.01);
        Assert.Equal(ClockSource.Gnss, stale.ClockSource); // GNSS time holds over for 10 s
    }

    [Fact]
    public void Extrapolation_never_goes_beyond_the_configured_limit()
    {
        var sim = new SyntheticTrack(t => (2.0 * t, 0));
        var (tagger, track) = Create(new GeotagOptions { MaxExtrapolation = TimeSpan.FromMilliseconds(100) });
        sim.Feed(track, 0, 10);

        var d = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(10.15)), TestDetections.Now(10.15));

        Assert.Equal(PositionStatus.Held, d.Position.Status);
        var (e, _, _) = sim.Frame.ToLocal(d.Position.Latitude, d.Position.Longitude, 0);
        Assert.Equal(20.0, e, 0.01); // the last fix's position, not moved forward
    }

    [Fact]
    public void Without_any_fix_the_record_has_no_position_and_system_time()
    {
        var (tagger, _) = Create();

        var synced = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(1)), TestDetections.Now(1, synchronised: true));
        var unsynced = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(2)), TestDetections.Now(2, synchronised: false));

        Assert.Equal(PositionStatus.None, synced.Position.Status);
        Assert.False(synced.Position.HasCoordinates);
        Assert.Equal(ClockSource.SystemSynchronised, synced.ClockSource);
        Assert.Equal(ClockSource.Unsynchronised, unsynced.ClockSource);
        Assert.Equal(SyntheticTrack.UtcAt(1), synced.UtcNs); // now − (mono now − mono event)
    }

    [Fact]
    public void Gnss_time_is_used_even_when_the_system_clock_is_an_hour_wrong()
    {
        var sim = new SyntheticTrack(t => (0, 0));
        var (tagger, track) = Create();
        sim.Feed(track, 0, 5);
        var wrong = new SystemClockSample(SyntheticTrack.UtcAt(2.55) - 3_600_000_000_000, SyntheticTrack.MonotonicAt(2.55), true);

        var d = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(2.5)), wrong);

        Assert.Equal(ClockSource.Gnss, d.ClockSource);
        Assert.InRange(d.UtcNs - SyntheticTrack.UtcAt(2.5), -3_000_000, 3_000_000); // within the 2 ms jitter + rounding
    }

    [Fact]
    public void CanInterpolate_says_whether_a_later_fix_exists()
    {
        var sim = new SyntheticTrack(t => (0, t));
        var (tagger, track) = Create();
        sim.Feed(track, 0, 3);

        Assert.True(tagger.CanInterpolate(SyntheticTrack.MonotonicAt(2.95)));
        Assert.False(tagger.CanInterpolate(SyntheticTrack.MonotonicAt(3.05)));
    }
}
