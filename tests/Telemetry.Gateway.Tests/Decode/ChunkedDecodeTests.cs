using System.Buffers;
using System.Globalization;
using System.Text;
using Telemetry.Gateway.Cli.Decode;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Gateway.Tests.Decode;

/// <summary>
/// The parallel chunked NMEA decode must give exactly what one pass of the framer over the whole input gives:
/// same JSON bytes, same counters, whatever the chunk size and the number of workers.
/// </summary>
public sealed class ChunkedDecodeTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            foreach (var chunkSize in new[] { 256, 300, 977, 4096 })
            {
                foreach (var workers in new[] { 1, 4 })
                {
                    data.Add(seed, chunkSize, workers);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Chunked_decode_equals_one_pass_on_a_mixed_capture(int seed, int chunkSize, int workers)
    {
        var capture = MixedCapture(seed, crOnly: false);
        var (expected, expectedSummary) = OnePass(capture, raw: true);
        var (actual, summary) = await ChunkedAsync(capture, raw: true, chunkSize, workers);

        Assert.Equal(Encoding.Latin1.GetString(expected), Encoding.Latin1.GetString(actual));
        // Chunks of 256 and 300 bytes are often all overlong line or CR-ended sentences, with no LF before a start
        // marker to cut at; they take the carry-over path, where a noise run across the chunk end is counted once
        // per piece (as across pipe reads), its bytes still once. From 977 bytes on every chunk is cut cleanly.
        var cutCleanly = chunkSize >= 977;
        AssertSameSummary(expectedSummary, summary, compareNoiseRuns: cutCleanly);
        Assert.True(summary.Framing.Rejected(FrameError.Noise) >= expectedSummary.Framing.Rejected(FrameError.Noise));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Chunked_decode_equals_one_pass_with_cr_only_endings(int seed, int chunkSize, int workers)
    {
        // No LF at all: no chunk can be cut at a sentence start, every chunk takes the carry-over path.
        var capture = MixedCapture(seed, crOnly: true);
        var (expected, expectedSummary) = OnePass(capture, raw: false);
        var (actual, summary) = await ChunkedAsync(capture, raw: false, chunkSize, workers);

        Assert.Equal(Encoding.Latin1.GetString(expected), Encoding.Latin1.GetString(actual));
        // A noise run across a carried chunk end is counted once per chunk (as across a pipe read); its bytes once.
        AssertSameSummary(expectedSummary, summary, compareNoiseRuns: false);
    }

    [Fact]
    public async Task Time_only_sentences_get_the_date_of_an_rmc_many_chunks_earlier()
    {
        // One RMC, then GGAs over many chunks with no date of their own: all must carry the RMC's date,
        // including the first GGA of each chunk, and the day must roll over at midnight.
        var text = new StringBuilder(Sentence("GNRMC,235958.00,A,3959.5860,N,04655.8000,E,0.42,87.5,150524,,,R,V"));
        for (var i = 0; i < 400; i++)
        {
            var seconds = (86398 + i) % 86400;
            var time = $"{seconds / 3600:00}{seconds / 60 % 60:00}{seconds % 60:00}.00";
            text.Append(Sentence($"GNGGA,{time},3959.5860,N,04655.8000,E,4,18,0.6,352.1,M,-16.9,M,1.0,0001"));
        }

        var capture = Encoding.ASCII.GetBytes(text.ToString());
        var (expected, _) = OnePass(capture, raw: false);
        var (actual, summary) = await ChunkedAsync(capture, raw: false, chunkSize: 512, workers: 3);

        Assert.Equal(Encoding.ASCII.GetString(expected), Encoding.ASCII.GetString(actual));
        var lines = Encoding.ASCII.GetString(actual).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(401, lines.Length);
        Assert.Contains("\"time\":\"2024-05-15T23:59:59Z\"", lines[2], StringComparison.Ordinal);
        Assert.Contains("\"time\":\"2024-05-16T00:00:00Z\"", lines[3], StringComparison.Ordinal);
        Assert.All(lines, line => Assert.Contains("\"time\":\"2024-05-1", line, StringComparison.Ordinal));
        Assert.Equal(401, summary.Decoded);
    }

    [Fact]
    public async Task Time_only_sentences_before_any_date_stay_undated()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            text.Append(Sentence("GNGST,081530.00,0.012,0.011,0.008,35.0,0.009,0.010,0.018"));
        }

        var capture = Encoding.ASCII.GetBytes(text.ToString());
        var (actual, summary) = await ChunkedAsync(capture, raw: false, chunkSize: 256, workers: 2);
        var lines = Encoding.ASCII.GetString(actual).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(50, lines.Length);
        Assert.All(lines, line => Assert.Contains("\"time\":\"08:15:30Z\"", line, StringComparison.Ordinal));
        Assert.Equal(50, summary.Framing.Frames);
    }

    [Theory]
    [InlineData("$GPGGA,1*00\n$GPRMC,2*00\n", 12)]
    [InlineData("$GPGGA,1*00\n$GPRMC,2*00\n!AIVDM*00", 24)]
    [InlineData("$GPGGA,1*00\r$GPRMC,2*00\r", 0)]
    [InlineData("noise\n\n$", 7)]
    [InlineData("$", 0)]
    public void Cut_is_just_before_the_last_start_marker_after_a_line_feed(string text, int cut)
        => Assert.Equal(cut, ChunkedDecodeRunner.FindCut(Encoding.ASCII.GetBytes(text)));

    private static void AssertSameSummary(DecodeSummary expected, DecodeSummary actual, bool compareNoiseRuns)
    {
        Assert.Equal(expected.Framing.Frames, actual.Framing.Frames);
        Assert.Equal(expected.Framing.Bytes, actual.Framing.Bytes);
        Assert.Equal(expected.Framing.RejectedBytes, actual.Framing.RejectedBytes);
        foreach (var error in Enum.GetValues<FrameError>())
        {
            if (compareNoiseRuns || error != FrameError.Noise)
            {
                Assert.True(expected.Framing.Rejected(error) == actual.Framing.Rejected(error), $"{error}: expected {expected.Framing.Rejected(error)}, got {actual.Framing.Rejected(error)}");
            }
        }

        Assert.Equal(expected.Decoded, actual.Decoded);
        Assert.Equal(expected.Unknown, actual.Unknown);
        Assert.Equal(expected.Skipped, actual.Skipped);
        Assert.Equal(expected.BadFields, actual.BadFields);
    }

    private static async Task<(byte[] Json, DecodeSummary Summary)> ChunkedAsync(byte[] capture, bool raw, int chunkSize, int workers)
    {
        var output = new MemoryStream();
        var summary = await ChunkedDecodeRunner.RunAsync(
            new MemoryStream(capture), output, includeGnss: true, includeDetector: true, raw, TestContext.Current.CancellationToken, chunkSize, workers);
        return (output.ToArray(), summary);
    }

    // The reference: one framer pass over the whole capture as a single buffer, one emitter, in order.
    private static (byte[] Json, DecodeSummary Summary) OnePass(byte[] capture, bool raw)
    {
        var output = new MemoryStream();
        var counters = new FrameCounters();
        var sequence = new ReadOnlySequence<byte>(capture);
        using (var sink = new DecodeSink(output, raw, NmeaFramer.MaxLength))
        {
            var handler = new OnePassHandler(sink, new NmeaJsonEmitter(includeGnss: true, includeDetector: true));
            FrameScanner.Scan(ref sequence, default(NmeaFramer), ref handler, counters, isFinal: true);
            sink.FlushOutput();
            counters.AddBytes(capture.Length);
            return (output.ToArray(), new DecodeSummary(counters, sink.Decoded, sink.Unknown, sink.Skipped, sink.Failed));
        }
    }

    /// <summary>
    /// Epochs of GGA/RMC/GST/ZDA/VTG and detector sentences around midnight, mixed with binary noise (including
    /// stray '$', CR and LF), bad checksums, missing checksums, overlong lines, NULs and every line ending.
    /// </summary>
    private static byte[] MixedCapture(int seed, bool crOnly)
    {
        var random = new Random(seed);
        var bytes = new List<byte>();
        var seconds = 86395;
        for (var epoch = 0; epoch < 120; epoch++)
        {
            seconds = (seconds + 1) % 86400;
            var time = $"{seconds / 3600:00}{seconds / 60 % 60:00}{seconds % 60:00}.{random.Next(100):00}";
            var day = seconds < 100 ? "160524" : "150524";
            string[] sentences =
            [
                $"GNGGA,{time},3959.{random.Next(100000):00000},N,04655.{random.Next(100000):00000},E,4,18,0.6,352.1,M,-16.9,M,1.0,0001",
                random.Next(4) == 0 ? $"GNRMC,{time},A,3959.5860,N,04655.8000,E,0.42,87.5,{day},,,R,V" : $"GPVTG,87.5,T,,M,0.42,N,0.78,K,A",
                $"GNGST,{time},0.012,0.011,0.008,35.0,0.009,0.010,{random.NextDouble().ToString("0.###", CultureInfo.InvariantCulture)}",
                random.Next(6) == 0 ? $"GPZDA,{time},16,05,2024,00,00" : "PXDMD,1234,5321.46,512,-12,380,12,7,86,3",
                "GPGSV,3,3,11,14,08,283,,25,07,184,,05,03,142,",
            ];
            foreach (var body in sentences)
            {
                var line = Sentence(body, Ending(random, crOnly));
                switch (random.Next(14))
                {
                    case 0:
                        line = line.Replace('*', '#'); // missing checksum
                        break;
                    case 1:
                        line = line[..^4] + "00" + line[^2..]; // checksum wrong (CRLF kept or not, as generated)
                        break;
                    case 2:
                        line = "$GPTXT," + new string('x', 150 + random.Next(60)) + line; // overlong, then the sentence
                        break;
                    case 3:
                        line = line[..random.Next(1, line.Length)]; // cut short, the next start ends it
                        break;
                }

                bytes.AddRange(Encoding.ASCII.GetBytes(line));
                if (random.Next(5) == 0)
                {
                    var noise = new byte[random.Next(1, 40)];
                    random.NextBytes(noise);
                    bytes.AddRange(crOnly ? noise.Select(b => b == '\n' ? (byte)0 : b) : noise);
                }
            }
        }

        return [.. bytes];
    }

    private static string Ending(Random random, bool crOnly) => crOnly ? "\r" : random.Next(3) switch { 0 => "\n", 1 => "\r", _ => "\r\n" };

    private static string Sentence(string body, string ending = "\r\n")
    {
        byte checksum = 0;
        foreach (var c in body)
        {
            checksum ^= (byte)c;
        }

        return $"${body}*{checksum:X2}{ending}";
    }

    private readonly struct OnePassHandler(DecodeSink sink, NmeaJsonEmitter emitter) : IFrameHandler
    {
        public void OnFrame(in ReadOnlySequence<byte> frame) => sink.Emit(frame.FirstSpan, emitter);

        public void OnRejected(FrameError error, long byteCount)
        {
            // Counted by FrameCounters.
        }
    }
}
