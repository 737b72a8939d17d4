using Telemetry.Geo.Gnss;

namespace Telemetry.Geo.Tests.Gnss;

public sealed class GnssTrackTests
{
    private static GnssFix Fix(long utcNs, GnssFixType type = GnssFixType.RtkFixed, double lat = 40, double lon = 46.9) =>
        new(utcNs, utcNs + 30_000_000, lat, lon, type);

    [Fact]
    public void Ring_keeps_the_newest_epochs_in_order_when_full()
    {
        var track = new GnssTrack(4);
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(TrackAddResult.Added, track.Add(Fix(i * 100_000_000L)));
        }

        Assert.Equal(4, track.Count);
        Assert.Equal([700_000_000L, 800_000_000L, 900_000_000L, 1_000_000_000L], Enumerable.Range(0, 4).Select(i => track[i].UtcNs));
        Assert.Throws<ArgumentOutOfRangeException>(() => track[4].UtcNs);
    }

    [Fact]
    public void Same_epoch_replaces_older_epoch_is_rejected_and_counted()
    {
        var track = new GnssTrack(8);
        track.Add(Fix(1_000));
        track.Add(Fix(2_000));

        Assert.Equal(TrackAddResult.Replaced, track.Add(Fix(2_000, GnssFixType.RtkFloat)));
        Assert.Equal(GnssFixType.RtkFloat, track[1].FixType);
        Assert.Equal(TrackAddResult.RejectedOutOfOrder, track.Add(Fix(1_500)));
        Assert.Equal(1, track.RejectedOutOfOrder);
        Assert.Equal(2, track.Count);
    }

    [Theory]
    [InlineData(GnssFixType.None, 40, 46)]
    [InlineData(GnssFixType.Autonomous, 91, 46)]
    [InlineData(GnssFixType.Autonomous, double.NaN, 46)]
    [InlineData(GnssFixType.Autonomous, 40, 181)]
    public void Fixes_without_a_position_are_rejected_and_counted(GnssFixType type, double lat, double lon)
    {
        var track = new GnssTrack(8);

        Assert.Equal(TrackAddResult.RejectedNoPosition, track.Add(Fix(1_000, type, lat, lon)));
        Assert.Equal(0, track.Count);
        Assert.Equal(1, track.RejectedNoPosition);
    }

    [Fact]
    public void Bracket_finds_the_fixes_around_a_time()
    {
        var track = new GnssTrack(8);
        foreach (var t in new long[] { 100, 200, 300 })
        {
            track.Add(Fix(t));
        }

        track.Bracket(250, out var b, out var a);
        Assert.Equal((1, 2), (b, a));
        track.Bracket(200, out b, out a);
        Assert.Equal((1, 1), (b, a));
        track.Bracket(50, out b, out a);
        Assert.Equal((-1, 0), (b, a));
        track.Bracket(350, out b, out a);
        Assert.Equal((2, -1), (b, a));
    }

    [Fact]
    public void Week_rollover_dates_are_moved_forward_by_1024_weeks()
    {
        // A receiver past its rollover pivot reports 1999-08-22 for 2019-04-07 (1024 weeks earlier).
        var reported = GnssFix.ToUtcNs(new DateTime(1999, 8, 22, 0, 0, 5, DateTimeKind.Utc));
        var track = new GnssTrack(8, notBeforeUtc: new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        track.Add(Fix(reported));

        Assert.Equal(new DateTime(2019, 4, 7, 0, 0, 5, DateTimeKind.Utc), GnssFix.FromUtcNs(track[0].UtcNs));
        Assert.Equal(1, track.WeekRolloverCorrections);
    }

    [Fact]
    public void Week_rollover_correction_leaves_plausible_dates_alone_and_gives_up_on_absurd_ones()
    {
        var notBefore = GnssFix.ToUtcNs(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var now = GnssFix.ToUtcNs(new DateTime(2026, 5, 15, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(now, GpsWeekRollover.Correct(now, notBefore, out var none));
        Assert.Equal(0, none);
        Assert.Equal(now - (2 * GpsWeekRollover.PeriodNs) + (2 * GpsWeekRollover.PeriodNs), GpsWeekRollover.Correct(now - (2 * GpsWeekRollover.PeriodNs), notBefore, out var two));
        Assert.Equal(2, two);
        Assert.Equal(0L, GpsWeekRollover.Correct(0, long.MaxValue, out var absurd));
        Assert.Equal(0, absurd);
    }

    [Fact]
    public void Utc_offset_uses_the_least_delayed_epoch_plus_the_configured_latency()
    {
        var track = new GnssTrack(32, outputLatency: TimeSpan.FromMilliseconds(20));
        long[] jitterMs = [35, 21, 48, 20, 33];
        for (var i = 0; i < jitterMs.Length; i++)
        {
            var utc = 1_000_000_000_000 + (i * 100_000_000L);
            track.Add(new GnssFix(utc, utc - 500_000_000_000 + (jitterMs[i] * 1_000_000), 40, 46.9, GnssFixType.RtkFixed));
        }

        Assert.True(track.TryGetUtcOffset(out var offset));
        Assert.Equal(500_000_000_000, offset); // 20 ms minimum delay − 20 ms configured latency
        Assert.False(new GnssTrack(2).TryGetUtcOffset(out _));
    }

    [Fact]
    public void Fix_type_maps_from_GGA_quality_and_ranks_by_trust()
    {
        Assert.Equal(GnssFixType.RtkFixed, GnssFixTypes.FromGgaQuality(4));
        Assert.Equal(GnssFixType.RtkFloat, GnssFixTypes.FromGgaQuality(5));
        Assert.Equal(GnssFixType.None, GnssFixTypes.FromGgaQuality(9));
        Assert.Equal(GnssFixType.None, GnssFixTypes.FromGgaQuality(-1));
        Assert.Equal(GnssFixType.RtkFloat, GnssFixTypes.Worse(GnssFixType.RtkFixed, GnssFixType.RtkFloat));
        Assert.Equal(GnssFixType.Autonomous, GnssFixTypes.Worse(GnssFixType.Dgps, GnssFixType.Autonomous));
        Assert.Equal(GnssFixType.DeadReckoning, GnssFixTypes.Worse(GnssFixType.Autonomous, GnssFixType.DeadReckoning));
    }

    [Fact]
    public void Uere_model_prefers_GST_then_HDOP_then_the_fix_type_default()
    {
        var model = new UereModel();
        var gst = new GnssFix(0, 0, 40, 46, GnssFixType.RtkFloat) { SigmaLatitude = 0.3, SigmaLongitude = 0.4, Hdop = 0.8 };
        var hdop = new GnssFix(0, 0, 40, 46, GnssFixType.Autonomous) { Hdop = 1.5 };
        var bare = new GnssFix(0, 0, 40, 46, GnssFixType.RtkFixed);

        Assert.Equal(Math.Sqrt(((0.3 * 0.3) + (0.4 * 0.4)) / 2), model.HorizontalSigma(gst, out var s1), 1e-12);
        Assert.Equal(SigmaSource.Gst, s1);
        Assert.Equal(1.5 * 4.0 / Math.Sqrt(2), model.HorizontalSigma(hdop, out var s2), 1e-12);
        Assert.Equal(SigmaSource.Hdop, s2);
        Assert.Equal(UereModel.AssumedHdop * 0.02 / Math.Sqrt(2), model.HorizontalSigma(bare, out var s3), 1e-12);
        Assert.Equal(SigmaSource.FixTypeDefault, s3);
        Assert.Equal(1.5 * 0.5, model.VerticalSigma(bare, 0.5), 1e-12);
    }
}
