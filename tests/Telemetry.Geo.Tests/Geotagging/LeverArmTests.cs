using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Gnss;
using Telemetry.Geo.Tests.Support;
using Telemetry.Geo.Time;

namespace Telemetry.Geo.Tests.Geotagging;

public sealed class LeverArmTests
{
    [Theory]
    [InlineData(0, 1, 0, 0, 1)]     // forward, heading north → north
    [InlineData(90, 1, 0, 1, 0)]    // forward, heading east → east
    [InlineData(90, 0, 1, 0, -1)]   // right, heading east → south
    [InlineData(180, 1, 0.5, -0.5, -1)]
    [InlineData(270, 2, 0, -2, 0)]
    public void Rotation_by_heading(double heading, double forward, double right, double east, double north)
    {
        var (e, n) = new LeverArm(forward, right, 0).Rotate(heading);

        Assert.Equal(east, e, 1e-12);
        Assert.Equal(north, n, 1e-12);
    }

    [Fact]
    public void Hdt_heading_places_the_sensor_ahead_even_when_crabbing()
    {
        // The machine moves north but points 30° (crab): HDT says where the arm points, course would be wrong.
        var sim = new SyntheticTrack(t => (0, 0.5 * t)) { WithHdt = true };
        var track = new GnssTrack(256, outputLatency: TimeSpan.FromMilliseconds(30));
        for (var k = 0; k <= 50; k++)
        {
            track.Add(sim.FixAt(k * 0.1) with { HeadingDeg = 30 });
        }

        var arm = new LeverArm(2, 0, 0.5);
        var tagger = new Geotagger(new GeotagOptions { LeverArm = arm }, track, new RigClock());
        var d = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(2.5)), TestDetections.Now(2.5));

        Assert.Equal(HeadingSource.Hdt, d.Position.HeadingSource);
        Assert.Equal(30, d.Position.HeadingDeg, 1e-9);
        var error = sim.ErrorOf(d.Position, sim.Sensor(2.5, arm, 30));
        Assert.True(error < 0.005, $"error {error}");
        Assert.Equal(2 * double.DegreesToRadians(0.5) / Math.Sqrt(2), d.Position.LeverArmSigma, 1e-12);
    }

    [Fact]
    public void A_footprint_widens_the_stated_accuracy_without_moving_the_sensor_point()
    {
        // A tiller drum 1.7 m wide: the mine may have gone off anywhere within 0.85 m of the drum centre.
        var sim = new SyntheticTrack(t => (0, 0.5 * t)) { WithHdt = true };
        var track = new GnssTrack(256, outputLatency: TimeSpan.FromMilliseconds(30));
        for (var k = 0; k <= 50; k++)
        {
            track.Add(sim.FixAt(k * 0.1) with { HeadingDeg = 0 });
        }

        var arm = new LeverArm(2.5, 0, 0);
        var plain = new Geotagger(new GeotagOptions { LeverArm = arm }, track, new RigClock())
            .Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(2.5)), TestDetections.Now(2.5));
        var wide = new Geotagger(new GeotagOptions { LeverArm = arm, FootprintRadiusM = 0.85 }, track, new RigClock())
            .Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(2.5)), TestDetections.Now(2.5));

        Assert.Equal(plain.Position.Latitude, wide.Position.Latitude, 1e-12);
        Assert.Equal(plain.Position.Longitude, wide.Position.Longitude, 1e-12);
        var heading = 2.5 * double.DegreesToRadians(0.5) / Math.Sqrt(2);
        Assert.Equal(Math.Sqrt((heading * heading) + (0.425 * 0.425)), wide.Position.LeverArmSigma, 1e-12);
        // The 95 % radius now covers a detonation at the drum's end (0.85 m from its centre) by itself.
        Assert.True(wide.Position.HorizontalAccuracy >= 0.85, $"accuracy {wide.Position.HorizontalAccuracy}");
        Assert.Throws<ArgumentException>(() => new GeotagOptions { FootprintRadiusM = -1 }.Validate());
    }

    [Fact]
    public void Heading_interpolates_across_north()
    {
        Assert.Equal(0, Geotagger.NormaliseAngle(Geotagger.LerpAngle(350, 10, 0.5)), 1e-9);
        Assert.Equal(355, Geotagger.NormaliseAngle(Geotagger.LerpAngle(350, 10, 0.25)), 1e-9);
        Assert.Equal(5, Geotagger.NormaliseAngle(Geotagger.LerpAngle(10, 350, 0.25)), 1e-9);
    }

    [Fact]
    public void Course_below_the_speed_threshold_is_not_a_heading()
    {
        var sim = new SyntheticTrack(t => (0.3 * t, 0)); // 0.3 m/s < 0.5 m/s default threshold
        var track = new GnssTrack(256, outputLatency: TimeSpan.FromMilliseconds(30));
        sim.Feed(track, 0, 5);
        var tagger = new Geotagger(new GeotagOptions { LeverArm = new LeverArm(1, 0, 0) }, track, new RigClock());

        var d = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(2.5)), TestDetections.Now(2.5));

        Assert.Equal(HeadingSource.Unknown, d.Position.HeadingSource);
        Assert.False(d.Position.LeverArmApplied);
        Assert.True(sim.ErrorOf(d.Position, sim.Sensor(2.5, new LeverArm(1, 0, 0), 90)) <= d.Position.HorizontalAccuracy);
    }

    [Fact]
    public void Options_are_validated_with_the_key_named()
    {
        var track = new GnssTrack(8);
        var ex = Assert.Throws<ArgumentException>(() => new Geotagger(new GeotagOptions { MaxFixAge = TimeSpan.Zero }, track, new RigClock()));
        Assert.Equal("MaxFixAge", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => new Geotagger(new GeotagOptions { LeverArm = new LeverArm(double.NaN, 0, 0) }, track, new RigClock()));
        Assert.Equal("LeverArm", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => new Geotagger(new GeotagOptions { MaxExtrapolation = TimeSpan.FromSeconds(5) }, track, new RigClock()));
        Assert.Equal("MaxExtrapolation", ex.ParamName);
    }
}
