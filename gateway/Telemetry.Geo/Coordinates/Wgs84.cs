namespace Telemetry.Geo.Coordinates;

/// <summary>The WGS 84 ellipsoid (NIMA TR8350.2): the datum of GNSS fixes, UTM and MGRS in this project.</summary>
public static class Wgs84
{
    /// <summary>Semi-major axis a, metres.</summary>
    public const double SemiMajorAxis = 6378137.0;

    /// <summary>Flattening f = 1 / 298.257223563.</summary>
    public const double Flattening = 1.0 / 298.257223563;

    /// <summary>First eccentricity squared e² = f (2 − f).</summary>
    public const double EccentricitySquared = Flattening * (2 - Flattening);

    /// <summary>Third flattening n = f / (2 − f), the small parameter of the Krüger series.</summary>
    public const double ThirdFlattening = Flattening / (2 - Flattening);

    internal static readonly double Eccentricity = Math.Sqrt(EccentricitySquared);

    /// <summary>Meridional radius of curvature M(φ), metres.</summary>
    public static double MeridionalRadius(double latitudeRadians)
    {
        var s = Math.Sin(latitudeRadians);
        var w = 1 - (EccentricitySquared * s * s);
        return SemiMajorAxis * (1 - EccentricitySquared) / (w * Math.Sqrt(w));
    }

    /// <summary>Prime-vertical radius of curvature N(φ), metres.</summary>
    public static double PrimeVerticalRadius(double latitudeRadians)
    {
        var s = Math.Sin(latitudeRadians);
        return SemiMajorAxis / Math.Sqrt(1 - (EccentricitySquared * s * s));
    }
}
