using BenchmarkDotNet.Attributes;
using Telemetry.Geo.Coordinates;

namespace Telemetry.Benchmarks.Geo;

/// <summary>Grid conversions used per record: UTM reverse and MGRS formatting (allocation-free TryFormat).</summary>
[MemoryDiagnoser]
public class MgrsBenchmarks
{
    private readonly byte[] _buffer = new byte[Mgrs.MaxLength];

    [Benchmark]
    public int MgrsTryFormat()
    {
        Mgrs.TryFormat(39.9931, 46.9270, 5, _buffer, out var written);
        return written;
    }

    [Benchmark]
    public double UtmReverse() => Utm.ToLatLon(new UtmCoordinate(38, true, 664510.156, 4428769.734)).LatitudeDeg;
}
