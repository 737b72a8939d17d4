using System.Runtime.CompilerServices;

namespace Telemetry.Protocols.Nmea;

/// <summary>RMC: time, date, status, position, speed and course.</summary>
public readonly record struct RmcData
{
    /// <summary>UTC time of the fix.</summary>
    public TimeOnly? Time { get; init; }

    /// <summary>Status: <c>A</c> valid, <c>V</c> warning (no fix).</summary>
    public byte? Status { get; init; }

    /// <summary>Latitude, decimal degrees, north positive.</summary>
    public double? Latitude { get; init; }

    /// <summary>Longitude, decimal degrees, east positive.</summary>
    public double? Longitude { get; init; }

    /// <summary>Speed over ground, knots.</summary>
    public double? SpeedKnots { get; init; }

    /// <summary>Course over ground, degrees true.</summary>
    public double? CourseTrue { get; init; }

    /// <summary>UTC date (two-digit year expanded by <see cref="NmeaDates.ExpandTwoDigitYear"/>; no rollover correction).</summary>
    public DateOnly? Date { get; init; }

    /// <summary>Magnetic variation, degrees, east positive (a W variation is negative).</summary>
    public double? MagneticVariation { get; init; }

    /// <summary>Mode indicator (NMEA 2.3+): N, A, D, P, R, F, E, M, S.</summary>
    public byte? Mode { get; init; }

    /// <summary>Navigational status (NMEA 4.1): S safe, C caution, U unsafe, V not valid.</summary>
    public byte? NavigationalStatus { get; init; }

    /// <summary>Fix quality on the GGA scale: status V or mode N means <see cref="GnssFixQuality.Invalid"/>.</summary>
    public GnssFixQuality Quality => Status != (byte)'A'
        ? GnssFixQuality.Invalid
        : Mode is { } mode ? GnssModes.FromModeIndicator(mode) : GnssFixQuality.Gps;

    /// <summary>True when the sentence reports a usable position.</summary>
    public bool HasFix => Quality != GnssFixQuality.Invalid && Latitude is not null && Longitude is not null;
}

public ref partial struct NmeaReader
{
    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    /// <summary>Decodes the fields of an RMC sentence. False when a field is malformed.</summary>
    /// <remarks>NMEA 0183 RMC: <c>hhmmss.ss,A,llll.ll,a,yyyyy.yy,a,x.x,x.x,ddmmyy,x.x,a,m,s</c> (mode 2.3+, navStatus 4.1).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadRmc(out RmcData data)
    {
        data = default;
        if (!TryReadTime(out var time) || !TryReadChar(out var status) || status is not (null or (byte)'A' or (byte)'V')
            || !TryReadLatitude(out var lat) || !TryReadLongitude(out var lon) || !TryReadDecimal(out var speed)
            || !TryReadDecimal(out var course) || !TryReadDate(out var date) || !TryReadDecimal(out var variation)
            || !TryReadChar(out var variationSide) || !TryReadChar(out var mode) || !TryReadChar(out var navStatus))
        {
            return false;
        }

        // Variation direction: E adds to true course, W subtracts; a value without a direction is malformed.
        if (variation is not null)
        {
            if (variationSide is not ((byte)'E' or (byte)'W'))
            {
                return false;
            }

            variation = variationSide == 'W' ? -variation : variation;
        }

        data = new RmcData
        {
            Time = time,
            Status = status,
            Latitude = lat,
            Longitude = lon,
            SpeedKnots = speed,
            CourseTrue = course,
            Date = date,
            MagneticVariation = variation,
            Mode = mode,
            NavigationalStatus = navStatus,
        };
        return true;
    }
}
