using Telemetry.Geo.Gnss;

namespace Telemetry.Geo.Tests.Gnss;

/// <summary>
/// Epoch assembly from the values of the example epoch in the project's domain reference (§5.4):
///   $GNGGA,081530.00,3959.5860,N,04655.8000,E,4,18,0.6,352.1,M,-16.9,M,1.0,0001
///   $GNRMC,081530.00,A,3959.5860,N,04655.8000,E,0.42,87.5,150524,,,R,V
///   $GNGST,081530.00,0.012,0.011,0.008,35.0,0.009,0.010,0.018
///   $GNVTG,87.5,T,,M,0.42,N,0.78,K,R
///   $GNHDT,87.52,T
/// (the NMEA parser turns these into the plain values used here).
/// </summary>
public sealed class GnssEpochAssemblerTests
{
    private static readonly TimeSpan Tod = new(0, 8, 15, 30);
    private const double Lat = 39 + (59.5860 / 60);
    private const double Lon = 46 + (55.8000 / 60);
    private static readonly DateOnly Date = new(2000 + 24, 5, 15);

    [Fact]
    public void Sentences_of_one_epoch_in_receiver_order_make_one_complete_fix()
    {
        var track = new GnssTrack(16);
        var asm = new GnssEpochAssembler(track);

        Assert.Equal(TrackAddResult.Added, asm.OnRmc(Tod, Date, true, Lat, Lon, 0.42, 87.5, 'R', 1_000_040_000));
        Assert.Equal(TrackAddResult.Replaced, asm.OnVtg(87.5, 0.78));
        Assert.Equal(TrackAddResult.Replaced, asm.OnGga(Tod, Lat, Lon, 4, 18, 0.6, 352.1, -16.9, 1_000_030_000));
        Assert.Equal(TrackAddResult.Replaced, asm.OnGst(Tod, 0.009, 0.010, 0.018, 1_000_050_000));
        Assert.Equal(TrackAddResult.Replaced, asm.OnHdt(87.52));

        Assert.Equal(1, track.Count);
        var fix = track[0];
        Assert.Equal(new DateTime(2024, 5, 15, 8, 15, 30, DateTimeKind.Utc), GnssFix.FromUtcNs(fix.UtcNs));
        Assert.Equal(1_000_030_000, fix.MonotonicNs); // earliest arrival of the epoch
        Assert.Equal(GnssFixType.RtkFixed, fix.FixType);
        Assert.Equal(39.99310, fix.Latitude, 1e-9);
        Assert.Equal(46.93, fix.Longitude, 1e-9);
        Assert.Equal(18, fix.Satellites);
        Assert.Equal(352.1 - 16.9, fix.EllipsoidHeight, 1e-9);
        Assert.Equal(0.78 / 3.6, fix.SpeedMps, 1e-9);
        Assert.Equal(0.010, fix.SigmaLongitude);
        Assert.Equal(87.52, fix.HeadingDeg);
    }

    [Fact]
    public void Without_a_date_no_fix_is_stored_until_an_RMC_gives_one()
    {
        var track = new GnssTrack(16);
        var asm = new GnssEpochAssembler(track);

        Assert.Null(asm.OnGga(Tod, Lat, Lon, 4, 18, 0.6, 352.1, -16.9, 1));
        Assert.Equal(1, asm.EpochsWithoutDate);
        Assert.Equal(0, track.Count);
        Assert.Equal(TrackAddResult.Added, asm.OnRmc(Tod, Date, true, Lat, Lon, 0.42, 87.5, 'R', 2));
        Assert.Equal(GnssFixType.RtkFixed, track[0].FixType); // GGA quality kept, RMC did not overwrite it
    }

    [Fact]
    public void Midnight_advances_the_date_before_the_new_day_RMC_arrives()
    {
        var track = new GnssTrack(16);
        var asm = new GnssEpochAssembler(track);
        asm.OnRmc(new TimeSpan(0, 23, 59, 59, 900), Date, true, Lat, Lon, 0, 0, 'R', 1);

        asm.OnGga(TimeSpan.Zero, Lat, Lon, 4, 18, 0.6, 352.1, -16.9, 2);

        Assert.Equal(2, track.Count);
        Assert.Equal(new DateTime(2024, 5, 16, 0, 0, 0, DateTimeKind.Utc), GnssFix.FromUtcNs(track[1].UtcNs));
    }

    [Fact]
    public void A_two_digit_year_before_the_rollover_pivot_is_corrected_by_the_track()
    {
        // A receiver past its week-rollover pivot says 1999-10-01 ("011099") for 2019-05-17 (1999-08-22 + 1024 weeks = 2019-04-07, + 40 days).
        var track = new GnssTrack(16, notBeforeUtc: new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var asm = new GnssEpochAssembler(track);

        asm.OnRmc(Tod, new DateOnly(GnssEpochAssembler.YearFromTwoDigits(99), 10, 1), true, Lat, Lon, 0, 0, 'A', 1);

        Assert.Equal(1999, GnssEpochAssembler.YearFromTwoDigits(99));
        Assert.Equal(2024, GnssEpochAssembler.YearFromTwoDigits(24));
        Assert.Equal(new DateTime(2019, 5, 17, 8, 15, 30, DateTimeKind.Utc), GnssFix.FromUtcNs(track[0].UtcNs));
        Assert.Equal(1, track.WeekRolloverCorrections);
    }

    [Fact]
    public void Invalid_RMC_and_GGA_quality_zero_store_nothing()
    {
        var track = new GnssTrack(16);
        var asm = new GnssEpochAssembler(track);

        Assert.Equal(TrackAddResult.RejectedNoPosition, asm.OnRmc(Tod, Date, false, Lat, Lon, 0, 0, 'N', 1));
        Assert.Equal(TrackAddResult.RejectedNoPosition, asm.OnGga(Tod + TimeSpan.FromSeconds(1), Lat, Lon, 0, 0, 99.9, 0, 0, 2));
        Assert.Equal(0, track.Count);
        Assert.Equal(2, track.RejectedNoPosition);
    }
}
