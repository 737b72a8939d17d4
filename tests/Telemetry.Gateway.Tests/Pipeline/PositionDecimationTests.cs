using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Telemetry.Gateway.Configuration;
using Telemetry.Gateway.Pipeline;

namespace Telemetry.Gateway.Tests.Pipeline;

/// <summary>
/// Positions are decimated where they are built: a 10 Hz receiver offers Telemetry:PositionHz positions per second,
/// whatever rate the publisher loop runs at (it runs at the fastest of the telemetry rates).
/// </summary>
public sealed class PositionDecimationTests
{
    [Theory]
    [InlineData(1, 3)]   // 30 epochs over 2.9 s at 10 Hz: offers at 0, 1.0 and 2.0 s
    [InlineData(2, 6)]
    [InlineData(10, 30)] // as fast as the receiver: every epoch
    public void A_ten_hertz_receiver_offers_positions_at_the_configured_rate(double positionHz, int expectedOffers)
    {
        using var h = new DecoderHarness("gnss");
        var device = new DeviceOptions { Name = "gnss", Kind = DeviceKind.Gnss, Driver = DriverKind.Serial, Endpoint = "/dev/null" };
        var decoder = new NmeaDeviceDecoder(device, h.Clock, h.Counters, Channel.CreateUnbounded<PendingDetection>().Writer, h.Telemetry, h.Gnss, () => h.Gnss, geotagger: null)
        {
            PositionHz = positionHz,
        };
        var handler = new NmeaDeviceDecoder.Handler(decoder, h.Counters, "gnss");

        for (var i = 0; i < 30; i++)
        {
            h.Now = 1_000_000_000 + (i * 100_000_000L);
            var time = new TimeSpan(0, 8, 0, 0, i * 100);
            h.Feed(default(Telemetry.Protocols.Nmea.NmeaFramer), handler, Encoding.ASCII.GetBytes(Rmc(time) + Gga(time, i)));
        }

        Assert.Equal(30, h.Gnss.Track.Count);
        Assert.Equal(expectedOffers, h.Counters.Get("telemetry_offered"));
    }

    private static string Rmc(TimeSpan t) =>
        Sentence($"GPRMC,{Hms(t)},A,3959.5800,N,04655.8000,E,0.2,45.0,150526,,,R");

    private static string Gga(TimeSpan t, int i) =>
        Sentence(string.Create(CultureInfo.InvariantCulture, $"GPGGA,{Hms(t)},3959.{5800 + i:0000},N,04655.8000,E,4,12,0.8,350.0,M,-16.9,M,1.0,0001"));

    private static string Hms(TimeSpan t) => t.ToString(@"hhmmss\.ff", CultureInfo.InvariantCulture);

    // NMEA 0183: '$' + body + '*' + two hex digits of the XOR of the body's bytes + CRLF.
    private static string Sentence(string body)
    {
        byte checksum = 0;
        foreach (var c in body)
        {
            checksum ^= (byte)c;
        }

        return string.Create(CultureInfo.InvariantCulture, $"${body}*{checksum:X2}\r\n");
    }
}
