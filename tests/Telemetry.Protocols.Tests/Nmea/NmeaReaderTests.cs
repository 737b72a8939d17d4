using Telemetry.Protocols.Nmea;
using static Telemetry.Protocols.Tests.Nmea.NmeaTestSentences;

namespace Telemetry.Protocols.Tests.Nmea;

public sealed class NmeaReaderTests
{
    // Expected values below are worked out by hand from the sentence text: degrees + minutes / 60.
    [Fact]
    public void Spec_gga()
    {
        var reader = Reader(NmeaVectors.SpecGga);
        Assert.Equal(NmeaSentenceType.Gga, reader.Type);
        Assert.Equal(NmeaTalker.Gps, reader.Talker);
        Assert.True(reader.TryReadGga(out var gga));
        Assert.Equal(new TimeOnly(12, 35, 19), gga.Time);
        AssertDegrees(48 + (7.038 / 60), gga.Latitude);
        AssertDegrees(11 + (31.0 / 60), gga.Longitude);
        Assert.Equal(GnssFixQuality.Gps, gga.Quality);
        Assert.Equal(8, gga.SatellitesUsed);
        Assert.Equal(0.9, gga.Hdop);
        Assert.Equal(545.4, gga.AltitudeMsl);
        Assert.Equal(46.9, gga.GeoidSeparation);
        Assert.Null(gga.DifferentialAge);
        Assert.Null(gga.DifferentialStation);
        Assert.True(gga.HasFix);
    }

    [Fact]
    public void Spec_rmc_with_two_digit_year_and_west_variation()
    {
        Assert.True(Reader(NmeaVectors.SpecRmc).TryReadRmc(out var rmc));
        Assert.Equal(new DateOnly(1994, 3, 23), rmc.Date);
        Assert.Equal((byte)'A', rmc.Status);
        Assert.Equal(22.4, rmc.SpeedKnots);
        Assert.Equal(84.4, rmc.CourseTrue);
        Assert.Equal(-3.1, rmc.MagneticVariation);
        Assert.Null(rmc.Mode);
        Assert.Equal(GnssFixQuality.Gps, rmc.Quality);
    }

    [Fact]
    public void Trimble_gga_keeps_eight_minute_decimals()
    {
        Assert.True(Reader(NmeaVectors.TrimbleGga).TryReadGga(out var gga));
        Assert.Equal(new TimeOnly(17, 28, 14), gga.Time);
        AssertDegrees(37 + (23.46587704 / 60), gga.Latitude);
        AssertDegrees(-(122 + (2.26957864 / 60)), gga.Longitude);
        Assert.Equal(GnssFixQuality.Dgps, gga.Quality);
        Assert.Equal(6, gga.SatellitesUsed);
        Assert.Equal(18.893, gga.AltitudeMsl);
        Assert.Equal(-25.669, gga.GeoidSeparation);
        Assert.Equal(2.0, gga.DifferentialAge);
        Assert.Equal(31, gga.DifferentialStation);
    }

    [Fact]
    public void Trimble_gst()
    {
        Assert.True(Reader(NmeaVectors.TrimbleGst).TryReadGst(out var gst));
        Assert.Equal(
            new GstData
            {
                Time = new TimeOnly(17, 28, 14),
                RangeRms = 0.006,
                SigmaMajor = 0.023,
                SigmaMinor = 0.020,
                Orientation = 273.6,
                SigmaLatitude = 0.023,
                SigmaLongitude = 0.020,
                SigmaAltitude = 0.031,
            },
            gst);
    }

    [Fact]
    public void NovAtel_gga_with_a_letter_station_id_keeps_the_fix()
    {
        Assert.True(Reader(NmeaVectors.NovAtelGga).TryReadGga(out var gga));
        AssertDegrees(51 + (6.9792 / 60), gga.Latitude);
        AssertDegrees(-(114 + (2.3003 / 60)), gga.Longitude);
        Assert.Equal(1048.47, gga.AltitudeMsl);
        Assert.Equal(8, gga.DifferentialAge);
        Assert.Null(gga.DifferentialStation);
        Assert.True(gga.HasFix);
    }

    [Fact]
    public void NovAtel_gst_and_rmc()
    {
        Assert.True(Reader(NmeaVectors.NovAtelGst).TryReadGst(out var gst));
        Assert.Equal(1.18, gst.RangeRms);
        Assert.Equal(0.0, gst.SigmaAltitude);
        Assert.Equal(new TimeOnly(14, 14, 51), gst.Time);

        Assert.True(Reader(NmeaVectors.NovAtelRmc).TryReadRmc(out var rmc));
        AssertDegrees(51 + (7.0017737 / 60), rmc.Latitude);
        AssertDegrees(-(114 + (2.3291611 / 60)), rmc.Longitude);
        Assert.Equal(new DateOnly(2007, 3, 21), rmc.Date);
        Assert.Equal(0.0, rmc.MagneticVariation);
        Assert.Equal((byte)'A', rmc.Mode);
    }

    [Fact]
    public void Ublox_nmea41_rmc_gga_gsa_vtg()
    {
        Assert.True(Reader(NmeaVectors.Ublox41Rmc).TryReadRmc(out var rmc));
        Assert.Equal(new DateOnly(2019, 10, 31), rmc.Date);
        Assert.Equal((byte)'V', rmc.NavigationalStatus);
        Assert.Null(rmc.CourseTrue);
        Assert.Equal(0.446, rmc.SpeedKnots);

        Assert.True(Reader(NmeaVectors.Ublox41Gga).TryReadGga(out var gga));
        Assert.Equal(2609.5, gga.AltitudeMsl);
        AssertDegrees(4 + (38.09178 / 60), gga.Latitude);

        Assert.True(Reader(NmeaVectors.Ublox41Gsa).TryReadGsa(out var gsa));
        Assert.Equal((byte)'A', gsa.SelectionMode);
        Assert.Equal(3, gsa.FixType);
        Assert.Equal([13, 29, 25, 15, 12, 24, 2], Enumerable.Range(0, gsa.SatelliteCount).Select(i => (int)gsa.Satellite(i)));
        Assert.Equal(1.31, gsa.Pdop);
        Assert.Equal(0.73, gsa.Hdop);
        Assert.Equal(1.09, gsa.Vdop);
        Assert.Equal(1, gsa.SystemId);

        Assert.True(Reader(NmeaVectors.Ublox41Vtg).TryReadVtg(out var vtg));
        Assert.Equal(new VtgData { SpeedKnots = 0.446, SpeedKmh = 0.827, Mode = (byte)'A' }, vtg);
    }

    [Fact]
    public void No_fix_sentences_have_empty_fields_absent_and_report_no_fix()
    {
        Assert.True(Reader(NmeaVectors.UbloxNoFixRmc).TryReadRmc(out var rmc));
        Assert.Equal(new RmcData { Status = (byte)'V', Mode = (byte)'N' }, rmc);
        Assert.Equal(GnssFixQuality.Invalid, rmc.Quality);
        Assert.False(rmc.HasFix);

        Assert.True(Reader(NmeaVectors.UbloxNoFixGga).TryReadGga(out var gga));
        Assert.Equal(new GgaData { Quality = GnssFixQuality.Invalid, SatellitesUsed = 0, Hdop = 99.99 }, gga);
        Assert.False(gga.HasFix);
    }

    [Fact]
    public void Rmc_status_v_means_no_fix_even_with_a_position()
    {
        Assert.True(Reader(WithChecksum("GNRMC,081530.00,V,3959.5860,N,04655.8000,E,0.42,87.5,150524,,,A,V")).TryReadRmc(out var rmc));
        Assert.NotNull(rmc.Latitude);
        Assert.Equal(GnssFixQuality.Invalid, rmc.Quality);
        Assert.False(rmc.HasFix);
    }

    [Fact]
    public void Polarx_gns_zda_vtg_gsa()
    {
        Assert.True(Reader(NmeaVectors.PolarxGns).TryReadGns(out var gns));
        Assert.Equal("AN", gns.Mode.ToString());
        Assert.Equal(GnssFixQuality.Gps, gns.Quality);
        Assert.Equal(3, gns.SatellitesUsed);
        Assert.Equal(10.5, gns.Hdop);
        Assert.Null(gns.AltitudeMsl);
        AssertDegrees(-(9 + (8.43828 / 60)), gns.Longitude);

        Assert.True(Reader(NmeaVectors.PolarxZda).TryReadZda(out var zda));
        Assert.Equal(new ZdaData { Time = new TimeOnly(11, 22, 57), Date = new DateOnly(2012, 3, 22) }, zda);

        Assert.True(Reader(NmeaVectors.PolarxVtg).TryReadVtg(out var vtg));
        Assert.Equal(new VtgData { CourseTrue = 339.1, CourseMagnetic = 333.5, SpeedKnots = 0.1, SpeedKmh = 0.1, Mode = (byte)'A' }, vtg);

        Assert.True(Reader(NmeaVectors.PolarxGsa).TryReadGsa(out var gsa));
        Assert.Equal(3, gsa.SatelliteCount);
        Assert.Null(gsa.Vdop);
        Assert.Null(gsa.SystemId);
    }

    [Fact]
    public void Hdt_and_hemisphere_gga()
    {
        Assert.True(Reader(NmeaVectors.HemisphereHdt).TryReadHdt(out var hdt));
        Assert.Equal(74.20, hdt.Heading);
        Assert.True(Reader(NmeaVectors.HemisphereGga).TryReadGga(out var gga));
        AssertDegrees(15 + (41.31258893 / 60), gga.Latitude);
        Assert.Equal(138, gga.DifferentialStation);
    }

    [Fact]
    public void Domain_rtk_examples()
    {
        Assert.True(Reader(NmeaVectors.DomainGga).TryReadGga(out var gga));
        Assert.Equal(GnssFixQuality.RtkFixed, gga.Quality);
        Assert.True(Reader(NmeaVectors.DomainRmc).TryReadRmc(out var rmc));
        Assert.Equal(GnssFixQuality.RtkFixed, rmc.Quality);
        Assert.Equal(new DateOnly(2024, 5, 15), rmc.Date);
        Assert.Equal(NmeaTalker.Gnss, Reader(NmeaVectors.DomainGst).Talker);
    }

    [Fact]
    public void Latitude_keeps_full_precision()
    {
        // 5212.981473,N = 52° + 12.981473′ = 52.216357883333…°. The expected double is the one nearest the exact
        // rational, from Python: float(Fraction(52) + Fraction('12.981473') / 60) (correctly rounded; .NET's
        // decimal-to-double conversion is not, so it cannot serve as the oracle).
        Assert.True(NmeaField.TryParseCoordinate("5212.981473"u8, "N"u8, isLatitude: true, out var lat));
        Assert.Equal(52.21635788333333, lat);
        Assert.Equal(52.216357883, lat!.Value, 9);
    }

    [Theory]
    [InlineData("9000.0000", "N", true, 90.0)]
    [InlineData("0000.0000", "S", true, 0.0)]
    [InlineData("18000.000", "W", false, -180.0)]
    [InlineData("00000.5", "E", false, 0.5 / 60)]
    public void Coordinate_edges(string value, string hemisphere, bool isLatitude, double expected)
    {
        Assert.True(NmeaField.TryParseCoordinate(Bytes(value), Bytes(hemisphere), isLatitude, out var degrees));
        Assert.Equal(expected, degrees!.Value, 15);
    }

    [Theory]
    [InlineData("4860.000", "N", true)]
    [InlineData("9000.001", "N", true)]
    [InlineData("4807.038", "E", true)]
    [InlineData("4807.038", "", true)]
    [InlineData("", "N", true)]
    [InlineData("-4807.038", "N", true)]
    [InlineData("48O7.038", "N", true)]
    [InlineData("18000.001", "E", false)]
    public void Malformed_coordinates_are_rejected(string value, string hemisphere, bool isLatitude)
        => Assert.False(NmeaField.TryParseCoordinate(Bytes(value), Bytes(hemisphere), isLatitude, out _));

    [Theory]
    [InlineData("GPGGA,12a519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,")]
    [InlineData("GPGGA,123519,4807.038,N,01131.000,E,9,08,0.9,545.4,M,46.9,M,,")]
    [InlineData("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,F,46.9,M,,")]
    [InlineData("GPGGA,246000,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,")]
    [InlineData("GPGGA,123519,4807.038,N,01131.000,E,1,08,0..9,545.4,M,46.9,M,,")]
    public void Malformed_gga_fields_fail_the_sentence(string body)
        => Assert.False(Reader(WithChecksum(body)).TryReadGga(out _));

    [Theory]
    [InlineData("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,300294,003.1,W")]
    [InlineData("GPRMC,123519,X,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W")]
    [InlineData("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,")]
    public void Malformed_rmc_fields_fail_the_sentence(string body)
        => Assert.False(Reader(WithChecksum(body)).TryReadRmc(out _));

    [Fact]
    public void Older_rmc_without_mode_fields_decodes_with_them_absent()
    {
        Assert.True(Reader(WithChecksum("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394")).TryReadRmc(out var rmc));
        Assert.Null(rmc.MagneticVariation);
        Assert.Null(rmc.Mode);
        Assert.Equal(new DateOnly(1994, 3, 23), rmc.Date);
    }

    [Fact]
    public void Unknown_and_proprietary_sentences_are_reported_not_rejected()
    {
        var gsv = Reader(NmeaVectors.UnknownGsv);
        Assert.Equal(NmeaSentenceType.Unknown, gsv.Type);
        Assert.Equal("GSV"u8.ToArray(), gsv.Formatter.ToArray());

        var pubx = Reader(WithChecksum("PUBX,00,081350.00,4717.113210,N,00833.915187,E,546.589,G3,2.1,2.0,0.007,77.52,0.007,,0.92,1.19,0.77,9,0,0"));
        Assert.Equal(NmeaSentenceType.Proprietary, pubx.Type);
        Assert.Equal(NmeaTalker.Proprietary, pubx.Talker);
        Assert.Equal("UBX"u8.ToArray(), pubx.Manufacturer.ToArray());
        Assert.Equal("00"u8.ToArray(), pubx.ReadField().ToArray());
    }

    [Theory]
    [InlineData("GPGG,1")]
    [InlineData("GPGGAX,1")]
    [InlineData("gpgga,1")]
    [InlineData(",1,2")]
    public void Impossible_addresses_are_not_sentences(string body)
        => Assert.False(NmeaReader.TryCreate(Frame(WithChecksum(body)), out _));

    [Theory]
    [InlineData("GPGGA")]
    [InlineData("GNGGA")]
    [InlineData("GLGGA")]
    [InlineData("GAGGA")]
    [InlineData("GBGGA")]
    [InlineData("BDGGA")]
    [InlineData("GQGGA")]
    public void Every_constellation_talker_decodes(string address)
    {
        var reader = Reader(WithChecksum(address + NmeaVectors.SpecGga[6..^3]));
        Assert.Equal(address[..2], reader.Talker.ToString());
        Assert.True(reader.TryReadGga(out var gga));
        Assert.Equal(545.4, gga.AltitudeMsl);
    }

    [Fact]
    public void Decoding_is_culture_independent()
    {
        var expected = Decode(NmeaVectors.TrimbleGga);
        HostileCulture.RunUnderEach(() => Assert.Equal(expected, Decode(NmeaVectors.TrimbleGga)));

        static GgaData Decode(string sentence)
        {
            Assert.True(Reader(sentence).TryReadGga(out var gga));
            return gga;
        }
    }

    [Theory]
    [InlineData(94, 1994)]
    [InlineData(80, 1980)]
    [InlineData(99, 1999)]
    [InlineData(0, 2000)]
    [InlineData(79, 2079)]
    public void Two_digit_years_use_the_gps_era_window(int twoDigit, int expected)
        => Assert.Equal(expected, NmeaDates.ExpandTwoDigitYear(twoDigit));

    [Fact]
    public void Week_rollover_is_undone_against_a_known_floor()
    {
        var truth = new DateOnly(2026, 11, 23);
        var reported = truth.AddDays(-7168);
        Assert.Equal(new DateOnly(2007, 4, 9), reported);
        Assert.Equal(truth, NmeaDates.CorrectWeekRollover(reported, new DateOnly(2026, 1, 1)));
        Assert.Equal(truth, NmeaDates.CorrectWeekRollover(truth, new DateOnly(2026, 1, 1)));
        // 2019-04-07 rollover: a receiver showing 1999-08-22 meant 2019-04-07.
        Assert.Equal(new DateOnly(2019, 4, 7), NmeaDates.CorrectWeekRollover(new DateOnly(1999, 8, 22), new DateOnly(2019, 1, 1)));
    }

    [Fact]
    public void Date_tracker_dates_time_only_sentences_across_midnight()
    {
        var tracker = default(NmeaDateTracker);
        Assert.Null(tracker.Resolve(new TimeOnly(12, 0)));
        tracker.Observe(new DateOnly(2024, 5, 15), new TimeOnly(23, 59, 59));
        Assert.Equal(new DateTime(2024, 5, 16, 0, 0, 1, DateTimeKind.Utc), tracker.Resolve(new TimeOnly(0, 0, 1)));
        Assert.Equal(new DateTime(2024, 5, 15, 23, 59, 58, DateTimeKind.Utc), tracker.Resolve(new TimeOnly(23, 59, 58)));
        tracker.Observe(new DateOnly(2024, 5, 16), new TimeOnly(0, 0, 0));
        Assert.Equal(new DateTime(2024, 5, 15, 23, 59, 59, DateTimeKind.Utc), tracker.Resolve(new TimeOnly(23, 59, 59)));
    }

    [Theory]
    [InlineData("123519", 12, 35, 19, 0)]
    [InlineData("123519.5", 12, 35, 19, 5_000_000)]
    [InlineData("000000.001", 0, 0, 0, 10_000)]
    [InlineData("235959.1234567", 23, 59, 59, 1_234_567)]
    public void Times_keep_their_fraction(string text, int h, int m, int s, long fractionTicks)
    {
        Assert.True(NmeaField.TryParseTime(Bytes(text), out var time));
        Assert.Equal(new TimeOnly(h, m, s).Add(TimeSpan.FromTicks(fractionTicks)), time);
    }

    [Fact]
    public void Leap_second_is_held_as_the_last_tick_of_the_day()
    {
        Assert.True(NmeaField.TryParseTime("235960"u8, out var time));
        Assert.Equal(TimeOnly.MaxValue, time);
    }

    [Theory]
    [InlineData("$GPHDT,87.52,T*23\r\n")]
    [InlineData("$GPHDT,87.52,T*23\n")]
    [InlineData("$GPHDT,87.52,T*23\r")]
    [InlineData("$GPHDT,87.52,T*23")]
    [InlineData("$GPHDT,87.52,T*23\r\n\r\n")]
    [InlineData("$GPTXT,a*b,T*00\r\n")]
    [InlineData("$GPHDT,87.52,T*2\r\n")]
    [InlineData("$GPHDT,87.52,T*\r\n")]
    public void Fields_end_at_the_last_star_whatever_the_line_ending(string frame)
    {
        // The checksum position is found without a search for framed sentences; any other frame takes the
        // general rule (the last '*'), and both must agree.
        var bytes = Bytes(frame);
        var star = bytes.LastIndexOf((byte)'*');
        Assert.True(NmeaReader.TryCreate(bytes, out var reader));
        Assert.Equal(bytes[(bytes.IndexOf((byte)',') + 1)..star].ToArray(), reader.RemainingFields[1..].ToArray());
    }

    [Fact]
    public void Coordinates_at_every_minute_resolution_keep_degrees_and_minutes_apart()
    {
        // dd(d)mm.m… with 0 to 12 minute decimals: degrees are split off by a division chosen per resolution.
        var random = new Random(17);
        for (var i = 0; i < 20_000; i++)
        {
            var isLatitude = random.Next(2) == 0;
            var degrees = random.Next(isLatitude ? 90 : 180);
            var decimals = random.Next(13);
            var unit = (long)Math.Pow(10, decimals);
            var minutesScaled = random.NextInt64(60 * unit);
            var minutes = (minutesScaled / (decimal)unit).ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture);
            var text = degrees.ToString(isLatitude ? "00" : "000", System.Globalization.CultureInfo.InvariantCulture) + minutes.PadLeft(decimals == 0 ? 2 : decimals + 3, '0');
            Assert.True(NmeaField.TryParseCoordinate(Bytes(text), isLatitude ? "N"u8 : "E"u8, isLatitude, out var parsed), text);
            var expected = (double)((degrees * 60 * unit) + minutesScaled) / (60 * unit);
            Assert.Equal(expected, parsed);
        }
    }

    [Fact]
    public void Short_and_long_decimal_fields_parse_to_the_same_exact_value()
    {
        // Fields of up to 18 bytes take an unchecked fast loop, longer ones the digit-counting loop: both must give
        // the exact decimal (mantissa · 10^-scale) and reject the same malformed text.
        var random = new Random(11);
        const string alphabet = "0123456789.-+";
        for (var i = 0; i < 100_000; i++)
        {
            var length = random.Next(1, 26);
            var chars = new char[length];
            for (var c = 0; c < length; c++)
            {
                chars[c] = random.Next(5) == 0 ? alphabet[random.Next(alphabet.Length)] : alphabet[random.Next(10)];
            }

            var text = new string(chars);
            var ok = NmeaField.TryParseScaled(Bytes(text), out var mantissa, out var scale);
            var valid = System.Text.RegularExpressions.Regex.IsMatch(text, @"^[+-]?[0-9]*\.?[0-9]*$") && text.Any(char.IsAsciiDigit);
            var point = text.IndexOf('.', StringComparison.Ordinal);
            var integerDigits = (point < 0 ? text : text[..point]).TrimStart('+', '-').TrimStart('0').Length;
            // More than 18 significant integer digits cannot be held exactly and are rejected, not truncated.
            Assert.Equal(valid && integerDigits <= 18, ok);
            var significant = text.TrimStart('+', '-').Replace(".", "", StringComparison.Ordinal).TrimStart('0').Length;
            var fractionDigits = point < 0 ? 0 : text.Length - point - 1;
            if (valid && significant <= 18 && fractionDigits <= 18)
            {
                var expected = decimal.Parse(text == "." ? "0" : text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(expected, mantissa / (decimal)Math.Pow(10, scale));
            }
        }
    }

    private static ReadOnlySpan<byte> Bytes(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    private static void AssertDegrees(double expected, double? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected, actual.Value, 1e-12);
    }
}
