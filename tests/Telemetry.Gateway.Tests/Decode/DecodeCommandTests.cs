using System.CommandLine;
using System.Text;
using System.Text.Json;
using Telemetry.Gateway.Cli;
using Telemetry.Gateway.Cli.Decode;
using Telemetry.Protocols.Framing;

namespace Telemetry.Gateway.Tests.Decode;

public sealed class DecodeCommandTests
{
    // A small capture: manual vectors (checksums verified independently), an RTK epoch, detector lines,
    // binary noise, a corrupted checksum and an unknown sentence type.
    private static readonly string Capture = string.Concat(
        "$GPGGA,172814.0,3723.46587704,N,12202.26957864,W,2,6,1.2,18.893,M,-25.669,M,2.0,0031*4F\r\n",
        "\0\0\u00b5b\u0001\u0007garbage\r\n",
        "$GNRMC,081530.00,A,3959.5860,N,04655.8000,E,0.42,87.5,150524,,,R,V*2A\r\n",
        "$GNGGA,081530.00,3959.5860,N,04655.8000,E,4,18,0.6,352.1,M,-16.9,M,1.0,0001*78\r\n",
        "$GNGST,081530.00,0.012,0.011,0.008,35.0,0.009,0.010,0.018*7A\r\n",
        "$GNGGA,081531.00,3959.5860,N,04655.8000,E,4,18,0.6,352.1,M,-16.9,M,1.0,0001*77\r\n",
        "$PXDMD,1234,5321.46,512,-12,380,12,7,86,3*6E\r\n",
        "$PXDMA,1240,5321.6,17,O,D,640,410,*50\r\n",
        "$GPGSV,3,3,11,14,08,283,,25,07,184,,05,03,142,*41\r\n",
        "$GPGGA,,,,,,0,00,99.99,,,,,,*48\n");

    [Fact]
    public async Task Auto_decodes_gnss_and_detector_sentences_with_raw_text()
    {
        var (lines, summary) = await DecodeAsync("auto", raw: true);

        Assert.Equal(8, lines.Count);
        Assert.Equal(["GGA", "RMC", "GGA", "GST", "PXDMD", "PXDMA", "GSV", "GGA"], lines.Select(l => l.GetProperty("type").GetString()));

        var trimble = lines[0];
        Assert.Equal("GP", trimble.GetProperty("talker").GetString());
        Assert.Equal("17:28:14Z", trimble.GetProperty("time").GetString());
        Assert.Equal(37 + (23.46587704 / 60), trimble.GetProperty("lat").GetDouble(), 12);
        Assert.Equal(-(122 + (2.26957864 / 60)), trimble.GetProperty("lon").GetDouble(), 12);
        Assert.Equal(18.893, trimble.GetProperty("alt").GetDouble());
        Assert.Equal(2, trimble.GetProperty("fix").GetInt32());
        Assert.Equal("$GPGGA,172814.0,3723.46587704,N,12202.26957864,W,2,6,1.2,18.893,M,-25.669,M,2.0,0031*4F", trimble.GetProperty("raw").GetString());

        // RMC carries the date; GGA and GST after it in the same stream get it too.
        Assert.Equal("2024-05-15T08:15:30Z", lines[1].GetProperty("time").GetString());
        // Speeds are written to 6 decimals of a m/s (docs/protocols/decode-json.md).
        Assert.Equal(0.42 * 1852 / 3600, lines[1].GetProperty("speed").GetDouble(), 6);
        Assert.Equal(4, lines[1].GetProperty("fix").GetInt32());
        Assert.Equal("2024-05-15T08:15:30Z", lines[2].GetProperty("time").GetString());
        Assert.Equal("2024-05-15T08:15:30Z", lines[3].GetProperty("time").GetString());
        Assert.Equal(0.018, lines[3].GetProperty("sigmaAlt").GetDouble());

        var sample = lines[4];
        Assert.Equal("P", sample.GetProperty("talker").GetString());
        Assert.Equal(1234, sample.GetProperty("seq").GetInt32());
        Assert.Equal(5321.46, sample.GetProperty("uptime").GetDouble());
        Assert.Equal(512, sample.GetProperty("md").GetInt32());
        Assert.Equal(0.12, sample.GetProperty("gprDepth").GetDouble());
        Assert.Equal(3, sample.GetProperty("alarm").GetInt32());
        Assert.Equal("onset", lines[5].GetProperty("edge").GetString());
        Assert.Equal("dual", lines[5].GetProperty("class").GetString());
        Assert.False(lines[5].TryGetProperty("duration", out _));

        Assert.True(lines[6].GetProperty("unknown").GetBoolean());

        // Empty fields are absent, not zero; quality 0 is no fix.
        var noFix = lines[7];
        Assert.Equal(0, noFix.GetProperty("fix").GetInt32());
        Assert.False(noFix.TryGetProperty("lat", out _));
        Assert.False(noFix.TryGetProperty("time", out _));

        Assert.Equal(8, summary.Framing.Frames);
        Assert.Equal(7, summary.Decoded);
        Assert.Equal(1, summary.Unknown);
        Assert.Equal(1, summary.Framing.Rejected(FrameError.Checksum));
        Assert.Equal(1, summary.Framing.Rejected(FrameError.Noise));
        Assert.Equal(0, summary.BadFields);
    }

    [Fact]
    public async Task Nmea_treats_detector_sentences_as_unknown_proprietary()
    {
        var (lines, summary) = await DecodeAsync("nmea", raw: false);
        var detector = lines.Where(l => l.GetProperty("type").GetString()!.StartsWith("PXDM", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, detector.Count);
        Assert.All(detector, d => Assert.True(d.GetProperty("unknown").GetBoolean()));
        Assert.All(lines, l => Assert.False(l.TryGetProperty("raw", out _)));
        Assert.Equal(3, summary.Unknown);
    }

    [Fact]
    public async Task Detector_writes_only_detector_sentences()
    {
        var (lines, summary) = await DecodeAsync("detector", raw: false);
        Assert.Equal(["PXDMD", "PXDMA"], lines.Select(l => l.GetProperty("type").GetString()));
        Assert.Equal(6, summary.Skipped);
    }

    [Fact]
    public async Task Malformed_field_is_counted_as_bad_field_and_not_written()
    {
        var input = "$GPGGA,12a519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*15\r\n$GPHDT,74.20,T*34\r\n";
        var (lines, summary) = await DecodeAsync("auto", raw: false, input);
        Assert.Equal("HDT", Assert.Single(lines).GetProperty("type").GetString());
        Assert.Equal(1, summary.BadFields);
    }

    [Fact]
    public async Task Summary_names_checksum_errors_and_other_reasons()
    {
        var (_, summary) = await DecodeAsync("auto", raw: false);
        var error = new StringWriter();
        DecodeRunner.WriteSummary(summary, error);
        var text = error.ToString();
        Assert.Contains("frames=8 decoded=7 unknown=1", text, StringComparison.Ordinal);
        Assert.Contains("checksum_errors=1", text, StringComparison.Ordinal);
        Assert.Contains("Noise=1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Large_input_streams_through_with_one_line_per_sentence()
    {
        // 2 MB of epochs: output is flushed in blocks, and every sentence comes out exactly once.
        var epoch = "$GNRMC,081530.00,A,3959.5860,N,04655.8000,E,0.42,87.5,150524,,,R,V*2A\r\n$GNGGA,081530.00,3959.5860,N,04655.8000,E,4,18,0.6,352.1,M,-16.9,M,1.0,0001*78\r\n";
        var count = (2 * 1024 * 1024) / epoch.Length;
        var input = new MemoryStream(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(epoch, count))));
        var output = new MemoryStream();
        var summary = await DecodeProtocols.RunAsync("auto", input, output, raw: false, TestContext.Current.CancellationToken);
        Assert.Equal(2 * count, summary.Decoded);
        Assert.Equal(2 * count, Encoding.UTF8.GetString(output.ToArray()).Count(c => c == '\n'));
    }

    [Fact]
    public void Json_emission_allocates_nothing_per_sentence()
    {
        var frames = Capture.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith('$'))
            .Select(l => Encoding.Latin1.GetBytes(l + "\n"))
            .ToArray();
        using var sink = new DecodeSink(Stream.Null, raw: true, maxFrameLength: 128);
        var emitter = new NmeaJsonEmitter(includeGnss: true, includeDetector: true);
        foreach (var frame in frames)
        {
            sink.Emit(frame, emitter);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 2000; i++)
        {
            foreach (var frame in frames)
            {
                sink.Emit(frame, emitter);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sink.Decoded > 2000);
    }

    [Fact]
    public async Task Command_reports_a_missing_file_with_its_name()
    {
        var root = new RootCommand { DecodeCommand.Create() };
        var error = new StringWriter();
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "missing.nmea");
        var exit = await root.Parse(["decode", path]).InvokeAsync(new InvocationConfiguration { Error = error, Output = new StringWriter() }, TestContext.Current.CancellationToken);
        Assert.Equal(2, exit);
        Assert.Contains(path, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Command_rejects_an_unknown_protocol()
    {
        var root = new RootCommand { DecodeCommand.Create() };
        var result = root.Parse(["decode", "--protocol", "morse", "-"]);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public async Task Decimal_fields_keep_the_receivers_digits_when_they_are_json_numbers()
    {
        // "35.0" and "0.010" keep their trailing zeros (the resolution the receiver reports); "+0.5", ".9", "007.50"
        // and "1." are not JSON numbers and are written as the shortest text of their value.
        var capture = Sentence("GPGST,172814.0,0.010,+0.5,.9,35.0,007.50,1.,-0.0") + Sentence("GPHDT,087.52,T") + Sentence("GPHDT,0,T");
        var (lines, _) = await DecodeAsync("nmea", raw: false, capture);
        var gst = lines[0].GetRawText();
        Assert.Contains("\"rangeRms\":0.010,", gst, StringComparison.Ordinal);
        Assert.Contains("\"sigmaMajor\":0.5,", gst, StringComparison.Ordinal);
        Assert.Contains("\"sigmaMinor\":0.9,", gst, StringComparison.Ordinal);
        Assert.Contains("\"orientation\":35.0,", gst, StringComparison.Ordinal);
        Assert.Contains("\"sigmaLat\":7.5,", gst, StringComparison.Ordinal);
        Assert.Contains("\"sigmaLon\":1,", gst, StringComparison.Ordinal);
        Assert.Contains("\"sigmaAlt\":-0.0}", gst, StringComparison.Ordinal);
        Assert.Contains("\"heading\":87.52}", lines[1].GetRawText(), StringComparison.Ordinal);
        Assert.Contains("\"heading\":0}", lines[2].GetRawText(), StringComparison.Ordinal);
    }

    private static string Sentence(string body)
    {
        var checksum = 0;
        foreach (var c in body)
        {
            checksum ^= c;
        }

        return $"${body}*{checksum:X2}\r\n";
    }

    private static async Task<(List<JsonElement> Lines, DecodeSummary Summary)> DecodeAsync(string protocol, bool raw, string? capture = null)
    {
        var input = new MemoryStream(Encoding.Latin1.GetBytes(capture ?? Capture));
        var output = new MemoryStream();
        var summary = await DecodeProtocols.RunAsync(protocol, input, output, raw, TestContext.Current.CancellationToken);
        var lines = Encoding.UTF8.GetString(output.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        return (lines, summary);
    }
}
