namespace Telemetry.Protocols.Nmea;

/// <summary>GNS: multi-constellation fix data.</summary>
public readonly record struct GnsData
{
    /// <summary>UTC time of the fix.</summary>
    public TimeOnly? Time { get; init; }

    /// <summary>Latitude, decimal degrees, north positive.</summary>
    public double? Latitude { get; init; }

    /// <summary>Longitude, decimal degrees, east positive.</summary>
    public double? Longitude { get; init; }

    /// <summary>Mode indicator per constellation.</summary>
    public NmeaModeIndicators Mode { get; init; }

    /// <summary>Satellites used.</summary>
    public int? SatellitesUsed { get; init; }

    /// <summary>Horizontal dilution of precision.</summary>
    public double? Hdop { get; init; }

    /// <summary>Altitude above mean sea level, metres.</summary>
    public double? AltitudeMsl { get; init; }

    /// <summary>Geoid separation, metres.</summary>
    public double? GeoidSeparation { get; init; }

    /// <summary>Age of differential data, seconds.</summary>
    public double? DifferentialAge { get; init; }

    /// <summary>Differential reference station id.</summary>
    public int? DifferentialStation { get; init; }

    /// <summary>Navigational status (NMEA 4.10): S, C, U, V.</summary>
    public byte? NavigationalStatus { get; init; }

    /// <summary>Fix quality on the GGA scale: the best of the per-constellation modes.</summary>
    public GnssFixQuality Quality => Mode.BestQuality();

    /// <summary>True when the sentence reports a usable position.</summary>
    public bool HasFix => Quality != GnssFixQuality.Invalid && Latitude is not null && Longitude is not null;
}

public ref partial struct NmeaReader
{
    /// <summary>Decodes the fields of a GNS sentence. False when a field is malformed.</summary>
    /// <remarks>NMEA 0183 GNS: <c>hhmmss.ss,llll.ll,a,yyyyy.yy,a,c--c,xx,x.x,x.x,x.x,x.x,x.x,s</c>.</remarks>
    public bool TryReadGns(out GnsData data)
    {
        data = default;
        if (!TryReadTime(out var time) || !TryReadLatitude(out var lat) || !TryReadLongitude(out var lon)
            || !NmeaModeIndicators.TryCreate(ReadField(), out var mode) || !TryReadInt(out var satellites)
            || !TryReadDecimal(out var hdop) || !TryReadDecimal(out var altitude) || !TryReadDecimal(out var separation)
            || !TryReadDecimal(out var age) || !TryReadInt(out var station) || !TryReadChar(out var navStatus))
        {
            return false;
        }

        data = new GnsData
        {
            Time = time,
            Latitude = lat,
            Longitude = lon,
            Mode = mode,
            SatellitesUsed = satellites,
            Hdop = hdop,
            AltitudeMsl = altitude,
            GeoidSeparation = separation,
            DifferentialAge = age,
            DifferentialStation = station,
            NavigationalStatus = navStatus,
        };
        return true;
    }
}
