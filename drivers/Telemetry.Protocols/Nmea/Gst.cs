using System.Runtime.CompilerServices;

namespace Telemetry.Protocols.Nmea;

/// <summary>GST: pseudorange error statistics, the per-fix accuracy stored with every detection.</summary>
public readonly record struct GstData
{
    /// <summary>UTC time of the associated fix.</summary>
    public TimeOnly? Time { get; init; }

    /// <summary>RMS of the standard deviation of the range inputs, metres.</summary>
    public double? RangeRms { get; init; }

    /// <summary>Standard deviation of the error ellipse semi-major axis, metres.</summary>
    public double? SigmaMajor { get; init; }

    /// <summary>Standard deviation of the error ellipse semi-minor axis, metres.</summary>
    public double? SigmaMinor { get; init; }

    /// <summary>Orientation of the semi-major axis, degrees from true north.</summary>
    public double? Orientation { get; init; }

    /// <summary>Standard deviation of latitude error, metres.</summary>
    public double? SigmaLatitude { get; init; }

    /// <summary>Standard deviation of longitude error, metres.</summary>
    public double? SigmaLongitude { get; init; }

    /// <summary>Standard deviation of altitude error, metres.</summary>
    public double? SigmaAltitude { get; init; }
}

public ref partial struct NmeaReader
{
    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    /// <summary>Decodes the fields of a GST sentence. False when a field is malformed.</summary>
    /// <remarks>NMEA 0183 GST: <c>hhmmss.ss,x.x,x.x,x.x,x.x,x.x,x.x,x.x</c>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadGst(out GstData data)
    {
        data = default;
        if (!TryReadTime(out var time) || !TryReadDecimal(out var rms) || !TryReadDecimal(out var major)
            || !TryReadDecimal(out var minor) || !TryReadDecimal(out var orientation) || !TryReadDecimal(out var lat)
            || !TryReadDecimal(out var lon) || !TryReadDecimal(out var alt))
        {
            return false;
        }

        data = new GstData
        {
            Time = time,
            RangeRms = rms,
            SigmaMajor = major,
            SigmaMinor = minor,
            Orientation = orientation,
            SigmaLatitude = lat,
            SigmaLongitude = lon,
            SigmaAltitude = alt,
        };
        return true;
    }
}
