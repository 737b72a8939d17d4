using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Gnss;
using Telemetry.Geo.Tests.Support;
using Telemetry.Geo.Time;

namespace Telemetry.Geo.Tests.Geotagging;

/// <summary>
/// When a pipeline may geotag a detection at once by extrapolating past the newest fix (a slow platform, a bound of
/// at most <see cref="GeotagOptions.ExtrapolateWithinM"/>) instead of holding it for the next epoch.
/// </summary>
public sealed class ExtrapolateWithinTests
{
    private static Geotagger Fed(double speedMps, GeotagOptions? options = null, bool withCourse = true)
    {
        var sim = new SyntheticTrack(t => (0, speedMps * t)) { WithCourse = withCourse };
        var track = new GnssTrack(256, outputLatency: TimeSpan.FromMilliseconds(30));
        sim.Feed(track, 0, 3);
        return new Geotagger(options ?? new GeotagOptions(), track, new RigClock());
    }

    [Fact]
    public void A_slow_platform_just_after_the_newest_fix_may_go_at_once_and_stays_inside_its_accuracy()
    {
        const double speed = 0.3; // a deminer walking a lane
        var tagger = Fed(speed);
        var sim = new SyntheticTrack(t => (0, speed * t));
        var at = SyntheticTrack.MonotonicAt(3.08);

        Assert.False(tagger.CanInterpolate(at));
        Assert.True(tagger.CanExtrapolateWithin(at));

        var d = tagger.Geotag(TestDetections.Metal(at), TestDetections.Now(3.08));
        var error = sim.ErrorOf(d.Position, sim.Antenna(3.08));
        Assert.Equal(PositionStatus.Extrapolated, d.Position.Status);
        Assert.True(error <= d.Position.HorizontalAccuracy, $"error {error:F4} m > stated {d.Position.HorizontalAccuracy:F4} m");
    }

    [Fact]
    public void A_fast_platform_waits_for_the_next_fix()
    {
        // A drone at 3 m/s: the speed margin alone adds 0.25 × 3 m/s × 0.08 s = 6 cm > 3 cm.
        var tagger = Fed(3);
        Assert.False(tagger.CanExtrapolateWithin(SyntheticTrack.MonotonicAt(3.08)));
    }

    [Fact]
    public void Zero_bound_always_waits()
    {
        var tagger = Fed(0.3, new GeotagOptions { ExtrapolateWithinM = 0 });
        Assert.False(tagger.CanExtrapolateWithin(SyntheticTrack.MonotonicAt(3.02)));
    }

    [Fact]
    public void Beyond_the_extrapolation_limit_or_without_velocity_it_waits()
    {
        Assert.False(Fed(0.1).CanExtrapolateWithin(SyntheticTrack.MonotonicAt(3.25)));
        Assert.False(Fed(0.1, withCourse: false).CanExtrapolateWithin(SyntheticTrack.MonotonicAt(3.02)));
    }

    [Fact]
    public void Inside_the_track_it_is_interpolation_not_extrapolation()
    {
        var tagger = Fed(0.3);
        var at = SyntheticTrack.MonotonicAt(2.55);
        Assert.True(tagger.CanInterpolate(at));
        Assert.False(tagger.CanExtrapolateWithin(at));
    }

    [Fact]
    public void A_negative_or_infinite_bound_is_refused_with_the_option_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new GeotagOptions { ExtrapolateWithinM = -1 }.Validate());
        Assert.Contains(nameof(GeotagOptions.ExtrapolateWithinM), error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new GeotagOptions { ExtrapolateWithinM = double.PositiveInfinity }.Validate());
    }
}
