using System.Text;
using BenchmarkDotNet.Attributes;
using Telemetry.Gateway.Cli.Decode;

namespace Telemetry.Benchmarks.Nmea;

/// <summary>
/// The whole NMEA path of <c>telemetry decode</c> (chunking, framing, decoding, JSON, in-order output) over an
/// in-memory 10 Hz RTK capture (GGA, RMC, GST), on one worker and on every core; reported per sentence.
/// Allocation is per chunk (task, pooled buffers on the first chunks), not per sentence.
/// </summary>
[MemoryDiagnoser]
public class NmeaChunkedDecodeBenchmarks
{
    private static readonly string[] EpochTypes = ["GGA", "RMC", "GST"];
    private const int Epochs = 20_000;
    private const int SentencesPerEpoch = 3;
    private byte[] _capture = [];

    [Params(1, 0)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var epoch = string.Concat(EpochTypes.Select(t => NmeaSamples.ByType[t] + "\r\n"));
        _capture = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(epoch, Epochs)));
    }

    [Benchmark(OperationsPerInvoke = Epochs * SentencesPerEpoch)]
    public async Task<long> DecodeCapture()
    {
        // Workers = 0 means one per core, as the CLI runs.
        var summary = await ChunkedDecodeRunner.RunAsync(
            new MemoryStream(_capture, writable: false), Stream.Null, includeGnss: true, includeDetector: false, raw: false,
            CancellationToken.None, workers: Workers).ConfigureAwait(false);
        return summary.Decoded;
    }
}
