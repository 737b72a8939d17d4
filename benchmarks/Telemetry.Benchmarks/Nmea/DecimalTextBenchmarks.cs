using BenchmarkDotNet.Attributes;
using Telemetry.Gateway.Cli.Decode;

namespace Telemetry.Benchmarks.Nmea;

/// <summary>
/// Number text of `telemetry decode`: short decimals (GGA/GST fields) and computed values at fixed resolution
/// (lat/lon at 12 decimals) against the framework's shortest round-trip formatter. Per value; budget 0 B/op.
/// </summary>
[MemoryDiagnoser]
public class DecimalTextBenchmarks
{
    private static readonly double[] ShortValues = [352.112, 0.6, -16.9, 0.012, 35.0, 1048.47, 0.009, 87.5];
    private static readonly double[] Degrees = [39.99310083333334, 46.930000123, -122.03782631066667, 52.21635788333333];
    private readonly byte[] _text = new byte[DecimalText.MaxLength];

    [Benchmark(OperationsPerInvoke = 8)]
    public int ShortDecimal()
    {
        var total = 0;
        foreach (var value in ShortValues)
        {
            DecimalText.TryFormatShort(value, _text, out var length);
            total += length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 4)]
    public int FixedDegrees()
    {
        var total = 0;
        foreach (var value in Degrees)
        {
            DecimalText.TryFormatFixed(value, 12, _text, out var length);
            total += length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 4, Baseline = true)]
    public int ShortestRoundTripDegrees()
    {
        var total = 0;
        foreach (var value in Degrees)
        {
            value.TryFormat(_text, out var length, provider: System.Globalization.CultureInfo.InvariantCulture);
            total += length;
        }

        return total;
    }
}
