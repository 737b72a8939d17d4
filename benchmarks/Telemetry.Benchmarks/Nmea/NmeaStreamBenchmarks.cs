using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Telemetry.Gateway.Cli.Decode;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Benchmarks.Nmea;

/// <summary>
/// A 1 Hz RTK epoch stream (GGA, RMC, GST, VTG, HDT) through the FrameScanner, and through the JSON emitter of
/// <c>telemetry decode</c>; reported per sentence (OperationsPerInvoke). Budget: 0 B/op.
/// </summary>
[MemoryDiagnoser]
public class NmeaStreamBenchmarks : IDisposable
{
    private static readonly string[] EpochTypes = ["GGA", "RMC", "GST", "VTG", "HDT"];
    private const int Epochs = 200;
    private const int SentencesPerEpoch = 5;
    private byte[] _stream = [];
    private byte[][] _frames = [];
    private DecodeSink? _sink;
    private NmeaJsonEmitter? _emitter;

    [GlobalSetup]
    public void Setup()
    {
        var epoch = string.Concat(EpochTypes.Select(t => NmeaSamples.ByType[t] + "\r\n"));
        _stream = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(epoch, Epochs)));
        _frames = [.. epoch.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Encoding.ASCII.GetBytes(l + "\n"))];
        _sink = new DecodeSink(Stream.Null, raw: false, NmeaFramer.MaxLength);
        _emitter = new NmeaJsonEmitter(includeGnss: true, includeDetector: true);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _sink?.Dispose();
        _sink = null;
        GC.SuppressFinalize(this);
    }

    [Benchmark(OperationsPerInvoke = Epochs * SentencesPerEpoch)]
    public long FrameScan()
    {
        var buffer = new ReadOnlySequence<byte>(_stream);
        var handler = default(CountingHandler);
        FrameScanner.Scan(ref buffer, default(NmeaFramer), ref handler, Counters, isFinal: true);
        return handler.Count;
    }

    [Benchmark(OperationsPerInvoke = SentencesPerEpoch)]
    public long DecodeToJson()
    {
        foreach (var frame in _frames)
        {
            _sink!.Emit(frame, _emitter!);
        }

        return _sink!.Decoded;
    }

    private static readonly FrameCounters Counters = new();

    private struct CountingHandler : IFrameHandler
    {
        public long Count;

        public void OnFrame(in ReadOnlySequence<byte> frame) => Count += frame.Length;

        public readonly void OnRejected(FrameError error, long byteCount)
        {
        }
    }
}
