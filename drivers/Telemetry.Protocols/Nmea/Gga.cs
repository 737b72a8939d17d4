using System.Runtime.CompilerServices;

namespace Telemetry.Protocols.Nmea;

/// <summary>GGA: time, position and fix quality. Every field is null when the receiver left it empty.</summary>
public readonly record struct GgaData
{
    /// <summary>UTC time of the fix.</summary>
    public TimeOnly? Time { get; init; }

    /// <summary>Latitude, decimal degrees, north positive.</summary>
    public double? Latitude { get; init; }

    /// <summary>Longitude, decimal degrees, east positive.</summary>
    public double? Longitude { get; init; }

    /// <summary>Fix quality; <see cref="GnssFixQuality.Invalid"/> (0) means no fix.</summary>
    public GnssFixQuality? Quality { get; init; }

    /// <summary>Satellites used in the fix.</summary>
    public int? SatellitesUsed { get; init; }

    /// <summary>Horizontal dilution of precision.</summary>
    public double? Hdop { get; init; }

    /// <summary>Antenna altitude above mean sea level (geoid), metres.</summary>
    public double? AltitudeMsl { get; init; }

    /// <summary>Geoid separation (ellipsoid minus geoid), metres.</summary>
    public double? GeoidSeparation { get; init; }

    /// <summary>Age of differential corrections, seconds.</summary>
    public double? DifferentialAge { get; init; }

    /// <summary>Differential reference station id (0–1023); absent when empty or not a number (NovAtel sends <c>AAAA</c>).</summary>
    public int? DifferentialStation { get; init; }

    /// <summary>True when the sentence reports a usable position (quality present and not 0).</summary>
    public bool HasFix => Quality is not null and not GnssFixQuality.Invalid && Latitude is not null && Longitude is not null;
}

public ref partial struct NmeaReader
{
    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    /// <summary>Decodes the fields of a GGA sentence. False when a field is malformed.</summary>
    /// <remarks>NMEA 0183 GGA: <c>hhmmss.ss,llll.ll,a,yyyyy.yy,a,x,xx,x.x,x.x,M,x.x,M,x.x,xxxx</c>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadGga(out GgaData data)
    {
        data = default;
        if (!TryReadTime(out var time) || !TryReadLatitude(out var lat) || !TryReadLongitude(out var lon)
            || !TryReadInt(out var quality) || quality > 8 || !TryReadInt(out var satellites) || !TryReadDecimal(out var hdop)
            || !TryReadWithUnit((byte)'M', out var altitude) || !TryReadWithUnit((byte)'M', out var separation)
            || !TryReadDecimal(out var age))
        {
            return false;
        }

        // The station id is 0000–1023 per NMEA, but NovAtel manuals show "AAAA"; an unreadable id only loses the
        // id, never the fix, so it reads as absent instead of rejecting the sentence.
        if (!TryReadInt(out var station))
        {
            station = null;
        }

        data = new GgaData
        {
            Time = time,
            Latitude = lat,
            Longitude = lon,
            Quality = (GnssFixQuality?)quality,
            SatellitesUsed = satellites,
            Hdop = hdop,
            AltitudeMsl = altitude,
            GeoidSeparation = separation,
            DifferentialAge = age,
            DifferentialStation = station,
        };
        return true;
    }
}
