using System.Buffers;
using BenchmarkDotNet.Attributes;
using Telemetry.Protocols.Detector;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Benchmarks.Nmea;

/// <summary>Framing + checksum + decoding of one sentence into its struct, per type. Budget: 0 B/op.</summary>
[MemoryDiagnoser]
public class NmeaDecodeBenchmarks
{
    private byte[] _line = [];

    [Params("GGA", "RMC", "GST", "VTG", "HDT", "ZDA", "GSA", "GNS", "PXDMD", "PXDMA", "PXDMS")]
    public string Type { get; set; } = "GGA";

    [GlobalSetup]
    public void Setup() => _line = NmeaSamples.Line(Type);

    [Benchmark]
    public bool FrameAndDecode()
    {
        var buffer = new ReadOnlySequence<byte>(_line);
        if (default(NmeaFramer).TryReadFrame(ref buffer, out var frame, out _) != FrameStatus.Complete)
        {
            return false;
        }

        Span<byte> scratch = stackalloc byte[NmeaFramer.MaxLength];
        if (!NmeaReader.TryCreate(FrameBytes.Contiguous(frame, scratch), out var reader))
        {
            return false;
        }

        return reader.Type switch
        {
            NmeaSentenceType.Gga => reader.TryReadGga(out _),
            NmeaSentenceType.Rmc => reader.TryReadRmc(out _),
            NmeaSentenceType.Gst => reader.TryReadGst(out _),
            NmeaSentenceType.Vtg => reader.TryReadVtg(out _),
            NmeaSentenceType.Hdt => reader.TryReadHdt(out _),
            NmeaSentenceType.Zda => reader.TryReadZda(out _),
            NmeaSentenceType.Gsa => reader.TryReadGsa(out _),
            NmeaSentenceType.Gns => reader.TryReadGns(out _),
            _ => DecodeDetector(ref reader),
        };
    }

    private static bool DecodeDetector(ref NmeaReader sentence)
    {
        if (!DetectorReader.TryCreate(ref sentence, out var reader))
        {
            return false;
        }

        return reader.Kind switch
        {
            DetectorSentenceKind.Sample => reader.TryReadSample(out _),
            DetectorSentenceKind.Alarm => reader.TryReadAlarm(out _),
            _ => reader.TryReadStatus(out _),
        };
    }
}
