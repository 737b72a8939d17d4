using System.Buffers;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Protocols.Tests.Nmea;

/// <summary>
/// Writer → framer → reader for every type. Values are drawn at exactly the resolution the writer uses, so a
/// correct round trip returns bit-identical doubles and whole structs compare equal.
/// </summary>
public sealed class NmeaRoundTripTests
{
    private const int Cases = 300;
    private static readonly NmeaTalker[] Talkers =
        [NmeaTalker.Gps, NmeaTalker.Gnss, NmeaTalker.Glonass, NmeaTalker.Galileo, NmeaTalker.BeiDou, NmeaTalker.BeiDouLegacy, NmeaTalker.Qzss];

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public void Gga(int minuteDecimals) => RoundTrip(
        r => new GgaData
        {
            Time = Time(r),
            Latitude = Maybe(r, () => Coordinate(r, 90, minuteDecimals)),
            Longitude = Maybe(r, () => Coordinate(r, 180, minuteDecimals)),
            Quality = Maybe(r, () => (GnssFixQuality?)r.Next(0, 9)),
            SatellitesUsed = Maybe(r, () => (int?)r.Next(0, 60)),
            Hdop = Maybe(r, () => Fixed(r, 0, 99, 2)),
            AltitudeMsl = Maybe(r, () => Fixed(r, -400, 9000, 3)),
            GeoidSeparation = Maybe(r, () => Fixed(r, -110, 90, 3)),
            DifferentialAge = Maybe(r, () => Fixed(r, 0, 999, 1)),
            DifferentialStation = Maybe(r, () => (int?)r.Next(0, 1024)),
        },
        (o, t, d) => NmeaWriter.WriteGga(o, t, d, minuteDecimals),
        (ref NmeaReader reader, out GgaData d) => reader.TryReadGga(out d));

    [Fact]
    public void Rmc() => RoundTrip(
        r => new RmcData
        {
            Time = Time(r),
            Status = Maybe(r, () => (byte?)(r.Next(2) == 0 ? 'A' : 'V')),
            Latitude = Maybe(r, () => Coordinate(r, 90, 5)),
            Longitude = Maybe(r, () => Coordinate(r, 180, 5)),
            SpeedKnots = Maybe(r, () => Fixed(r, 0, 999, 3)),
            CourseTrue = Maybe(r, () => Fixed(r, 0, 360, 2)),
            Date = Maybe(r, () => (DateOnly?)new DateOnly(1980, 1, 6).AddDays(r.Next(0, 36_000))),
            MagneticVariation = Maybe(r, () => Fixed(r, -30, 30, 2)),
            Mode = Maybe(r, () => (byte?)"NADPRFEMS"[r.Next(9)]),
            NavigationalStatus = Maybe(r, () => (byte?)"SCUV"[r.Next(4)]),
        },
        (o, t, d) => NmeaWriter.WriteRmc(o, t, d),
        (ref NmeaReader reader, out RmcData d) => reader.TryReadRmc(out d));

    [Fact]
    public void Gst() => RoundTrip(
        r => new GstData
        {
            Time = Time(r),
            RangeRms = Maybe(r, () => Fixed(r, 0, 99, 3)),
            SigmaMajor = Maybe(r, () => Fixed(r, 0, 99, 3)),
            SigmaMinor = Maybe(r, () => Fixed(r, 0, 99, 3)),
            Orientation = Maybe(r, () => Fixed(r, 0, 360, 2)),
            SigmaLatitude = Maybe(r, () => Fixed(r, 0, 99, 3)),
            SigmaLongitude = Maybe(r, () => Fixed(r, 0, 99, 3)),
            SigmaAltitude = Maybe(r, () => Fixed(r, 0, 99, 3)),
        },
        (o, t, d) => NmeaWriter.WriteGst(o, t, d),
        (ref NmeaReader reader, out GstData d) => reader.TryReadGst(out d));

    [Fact]
    public void Vtg() => RoundTrip(
        r => new VtgData
        {
            CourseTrue = Maybe(r, () => Fixed(r, 0, 360, 2)),
            CourseMagnetic = Maybe(r, () => Fixed(r, 0, 360, 2)),
            SpeedKnots = Maybe(r, () => Fixed(r, 0, 999, 3)),
            SpeedKmh = Maybe(r, () => Fixed(r, 0, 1999, 3)),
            Mode = Maybe(r, () => (byte?)"NADRF"[r.Next(5)]),
        },
        (o, t, d) => NmeaWriter.WriteVtg(o, t, d),
        (ref NmeaReader reader, out VtgData d) => reader.TryReadVtg(out d));

    [Fact]
    public void Hdt() => RoundTrip(
        r => new HdtData { Heading = Maybe(r, () => Fixed(r, 0, 360, 2)) },
        (o, t, d) => NmeaWriter.WriteHdt(o, t, d),
        (ref NmeaReader reader, out HdtData d) => reader.TryReadHdt(out d));

    [Fact]
    public void Zda() => RoundTrip(
        r =>
        {
            var hours = Maybe(r, () => (int?)r.Next(-13, 14));
            return new ZdaData
            {
                Time = Time(r),
                Date = Maybe(r, () => (DateOnly?)new DateOnly(1980, 1, 6).AddDays(r.Next(0, 60_000))),
                LocalZoneHours = hours,
                LocalZoneMinutes = hours is null ? null : (hours < 0 ? -1 : 1) * r.Next(0, 60),
            };
        },
        (o, t, d) => NmeaWriter.WriteZda(o, t, d),
        (ref NmeaReader reader, out ZdaData d) => reader.TryReadZda(out d));

    [Fact]
    public void Gsa()
    {
        var random = new Random(7);
        var buffer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < Cases; i++)
        {
            var ids = Enumerable.Range(0, random.Next(0, 13)).Select(_ => (ushort)random.Next(1, 400)).ToArray();
            var data = new GsaData
            {
                SelectionMode = Maybe(random, () => (byte?)(random.Next(2) == 0 ? 'A' : 'M')),
                FixType = Maybe(random, () => (int?)random.Next(1, 4)),
                Pdop = Maybe(random, () => Fixed(random, 0, 99, 2)),
                Hdop = Maybe(random, () => Fixed(random, 0, 99, 2)),
                Vdop = Maybe(random, () => Fixed(random, 0, 99, 2)),
                SystemId = Maybe(random, () => (int?)random.Next(1, 7)),
            }.WithSatellites(ids);
            buffer.ResetWrittenCount();
            NmeaWriter.WriteGsa(buffer, NmeaTalker.Gnss, data);
            var reader = NmeaTestSentences.Reader(buffer.WrittenSpan.ToArray());
            Assert.True(reader.TryReadGsa(out var back));
            Assert.Equal(ids, Enumerable.Range(0, back.SatelliteCount).Select(back.Satellite));
            Assert.Equal(data, back);
        }
    }

    [Fact]
    public void Gns() => RoundTrip(
        r =>
        {
            var modes = new string([.. Enumerable.Range(0, r.Next(1, 7)).Select(_ => "NADPRFEMS"[r.Next(9)])]);
            Assert.True(NmeaModeIndicators.TryCreate(System.Text.Encoding.ASCII.GetBytes(modes), out var mode));
            return new GnsData
            {
                Time = Time(r),
                Latitude = Maybe(r, () => Coordinate(r, 90, 5)),
                Longitude = Maybe(r, () => Coordinate(r, 180, 5)),
                Mode = mode,
                SatellitesUsed = Maybe(r, () => (int?)r.Next(0, 99)),
                Hdop = Maybe(r, () => Fixed(r, 0, 99, 2)),
                AltitudeMsl = Maybe(r, () => Fixed(r, -400, 9000, 3)),
                GeoidSeparation = Maybe(r, () => Fixed(r, -110, 90, 3)),
                DifferentialAge = Maybe(r, () => Fixed(r, 0, 999, 1)),
                DifferentialStation = Maybe(r, () => (int?)r.Next(0, 1024)),
                NavigationalStatus = Maybe(r, () => (byte?)"SCUV"[r.Next(4)]),
            };
        },
        (o, t, d) => NmeaWriter.WriteGns(o, t, d),
        (ref NmeaReader reader, out GnsData d) => reader.TryReadGns(out d));

    [Fact]
    public void Writer_output_is_culture_independent()
    {
        var data = new GgaData { Time = new TimeOnly(8, 15, 30), Latitude = 39.9931, Longitude = 46.93, Quality = GnssFixQuality.RtkFixed, Hdop = 0.6, AltitudeMsl = -352.1 };
        var expected = Write();
        HostileCulture.RunUnderEach(() => Assert.Equal(expected, Write()));
        Assert.Equal("$GPGGA,081530.00,3959.58600,N,04655.80000,E,4,,0.60,-352.100,M,,,,*2C\r\n", System.Text.Encoding.ASCII.GetString(expected));

        byte[] Write()
        {
            var buffer = new ArrayBufferWriter<byte>();
            NmeaWriter.WriteGga(buffer, NmeaTalker.Gps, data);
            return buffer.WrittenSpan.ToArray();
        }
    }

    [Fact]
    public void Writer_refuses_a_sentence_over_the_cap()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Assert.Throws<InvalidOperationException>(() =>
        {
            var s = new NmeaSentenceBuilder(buffer, "PXTST"u8);
            s.Field(new byte[200]);
            s.Commit();
        });
        Assert.Equal(0, buffer.WrittenCount);
    }

    private delegate bool ReadFn<T>(ref NmeaReader reader, out T data);

    private static void RoundTrip<T>(Func<Random, T> generate, Action<IBufferWriter<byte>, NmeaTalker, T> write, ReadFn<T> read)
        where T : struct
    {
        var random = new Random(12345);
        var buffer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < Cases; i++)
        {
            var data = generate(random);
            var talker = Talkers[random.Next(Talkers.Length)];
            buffer.ResetWrittenCount();
            write(buffer, talker, data);
            var line = buffer.WrittenSpan.ToArray();
            var reader = NmeaTestSentences.Reader(line);
            Assert.Equal(talker, reader.Talker);
            Assert.True(read(ref reader, out var back), System.Text.Encoding.ASCII.GetString(line));
            Assert.Equal(data, back);
        }
    }

    private static T? Maybe<T>(Random random, Func<T?> value)
        where T : struct
        => random.Next(5) == 0 ? null : value();

    private static TimeOnly? Time(Random random)
        => random.Next(5) == 0 ? null : new TimeOnly(random.NextInt64(0, 8_640_000) * 100_000);

    /// <summary>A value on the writer's grid: an integer count of 10^-decimals units, as the nearest double.</summary>
    private static double? Fixed(Random random, int min, int max, int decimals)
    {
        var unit = Math.Pow(10, decimals);
        return random.NextInt64((long)(min * unit), (long)(max * unit) + 1) / unit;
    }

    /// <summary>A coordinate on the writer's grid: whole degrees plus an integer count of 10^-k minutes.</summary>
    private static double? Coordinate(Random random, int limit, int minuteDecimals)
    {
        var unitsPerDegree = 60 * (long)Math.Pow(10, minuteDecimals);
        var units = random.NextInt64(0, (limit * unitsPerDegree) + 1);
        var degrees = (double)units / unitsPerDegree;
        return random.Next(2) == 0 ? degrees : -degrees;
    }
}
