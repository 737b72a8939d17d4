namespace Telemetry.Geo.Gnss;

/// <summary>
/// One GNSS epoch as the geotagger needs it, assembled by the gateway from the NMEA sentences of that epoch
/// (GGA position/quality/HDOP, RMC or VTG course/speed, GST σ, HDT heading, GSA PDOP). Absent optional values
/// are NaN (or −1 for <see cref="Satellites"/>); the constructor sets them so, object initialisers fill what exists.
/// </summary>
public readonly struct GnssFix
{
    /// <summary>Creates a fix with the mandatory fields; every optional field starts absent.</summary>
    /// <param name="utcNs">Epoch time from the receiver, nanoseconds since 1970-01-01T00:00:00Z (UTC).</param>
    /// <param name="monotonicNs">Gateway monotonic clock (CLOCK_MONOTONIC, ns) when the epoch was received.</param>
    /// <param name="latitudeDeg">WGS 84 latitude, decimal degrees, north positive.</param>
    /// <param name="longitudeDeg">WGS 84 longitude, decimal degrees, east positive.</param>
    /// <param name="fixType">Fix type (GGA quality).</param>
    public GnssFix(long utcNs, long monotonicNs, double latitudeDeg, double longitudeDeg, GnssFixType fixType)
    {
        UtcNs = utcNs;
        MonotonicNs = monotonicNs;
        Latitude = latitudeDeg;
        Longitude = longitudeDeg;
        FixType = fixType;
        AltitudeMsl = double.NaN;
        GeoidSeparation = double.NaN;
        Satellites = -1;
        Hdop = double.NaN;
        Pdop = double.NaN;
        SigmaLatitude = double.NaN;
        SigmaLongitude = double.NaN;
        SigmaAltitude = double.NaN;
        CourseDeg = double.NaN;
        SpeedMps = double.NaN;
        HeadingDeg = double.NaN;
    }

    /// <summary>Receiver epoch time, ns since the Unix epoch, UTC.</summary>
    public long UtcNs { get; init; }

    /// <summary>Gateway monotonic receive time of the epoch, ns.</summary>
    public long MonotonicNs { get; init; }

    /// <summary>Latitude, degrees (WGS 84).</summary>
    public double Latitude { get; init; }

    /// <summary>Longitude, degrees (WGS 84).</summary>
    public double Longitude { get; init; }

    /// <summary>Fix type.</summary>
    public GnssFixType FixType { get; init; }

    /// <summary>GGA altitude above mean sea level, metres (NaN if absent).</summary>
    public double AltitudeMsl { get; init; }

    /// <summary>GGA geoid separation (ellipsoid − geoid), metres (NaN if absent).</summary>
    public double GeoidSeparation { get; init; }

    /// <summary>Satellites used (−1 if absent).</summary>
    public int Satellites { get; init; }

    /// <summary>Horizontal dilution of precision (NaN if absent).</summary>
    public double Hdop { get; init; }

    /// <summary>Position dilution of precision (NaN if absent).</summary>
    public double Pdop { get; init; }

    /// <summary>GST σ of latitude error, metres (NaN if no GST for this epoch).</summary>
    public double SigmaLatitude { get; init; }

    /// <summary>GST σ of longitude error, metres (NaN if no GST).</summary>
    public double SigmaLongitude { get; init; }

    /// <summary>GST σ of altitude error, metres (NaN if no GST).</summary>
    public double SigmaAltitude { get; init; }

    /// <summary>Course over ground, degrees true (RMC/VTG; NaN if absent).</summary>
    public double CourseDeg { get; init; }

    /// <summary>Speed over ground, m/s (RMC/VTG; NaN if absent).</summary>
    public double SpeedMps { get; init; }

    /// <summary>True heading from a dual-antenna receiver (HDT), degrees (NaN if absent).</summary>
    public double HeadingDeg { get; init; }

    /// <summary>Height above the WGS 84 ellipsoid (altitude + geoid separation); NaN when either is absent.</summary>
    public double EllipsoidHeight => AltitudeMsl + GeoidSeparation;

    /// <summary>True when the fix carries a usable position (fix type not None, finite coordinates in range).</summary>
    public bool HasPosition =>
        FixType != GnssFixType.None
        && Latitude is >= -90 and <= 90
        && Longitude is >= -180 and <= 180;

    /// <summary>Converts a <see cref="DateTime"/> (UTC) to the ns-since-epoch scale used here.</summary>
    public static long ToUtcNs(DateTime utc) => (utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Converts ns since the Unix epoch back to a UTC <see cref="DateTime"/> (100 ns resolution).</summary>
    public static DateTime FromUtcNs(long utcNs) => new(DateTime.UnixEpoch.Ticks + (utcNs / 100), DateTimeKind.Utc);
}
