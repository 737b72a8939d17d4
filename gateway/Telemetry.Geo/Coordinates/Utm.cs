namespace Telemetry.Geo.Coordinates;

/// <summary>
/// WGS 84 ↔ UTM (NGA.SIG.0012 "Universal Grids": k₀ = 0.9996, false easting 500 km, false northing 0 north and
/// 10 000 km south), using the n⁶ Krüger series (accurate to nanometres inside a zone).
/// </summary>
public static class Utm
{
    /// <summary>Central scale factor k₀.</summary>
    public const double ScaleFactor = 0.9996;

    /// <summary>False easting, metres.</summary>
    public const double FalseEasting = 500_000;

    /// <summary>False northing of the southern hemisphere, metres.</summary>
    public const double FalseNorthingSouth = 10_000_000;

    /// <summary>The standard UTM zone of a point, with the Norway (32V) and Svalbard (31X–37X) exceptions.</summary>
    public static int StandardZone(double latitudeDeg, double longitudeDeg)
    {
        var lon = NormaliseLongitude(longitudeDeg);
        var zone = Math.Clamp((int)Math.Floor((lon + 180) / 6) + 1, 1, 60);
        if (latitudeDeg is >= 56 and < 64 && lon is >= 3 and < 12)
        {
            return 32; // band V, Norway: 32V widened west to 3°E
        }

        if (latitudeDeg is >= 72 and <= 84 && lon >= 0 && lon < 42)
        {
            // band X, Svalbard: zones 32, 34, 36 unused; 31X, 33X, 35X, 37X widened.
            return lon switch
            {
                < 9 => 31,
                < 21 => 33,
                < 33 => 35,
                _ => 37,
            };
        }

        return zone;
    }

    /// <summary>Converts a WGS 84 position to UTM in its standard zone.</summary>
    public static UtmCoordinate FromLatLon(double latitudeDeg, double longitudeDeg) =>
        FromLatLon(latitudeDeg, longitudeDeg, StandardZone(latitudeDeg, longitudeDeg));

    /// <summary>Converts a WGS 84 position to UTM in a forced zone (e.g. 38 for a whole Karabakh task).</summary>
    public static UtmCoordinate FromLatLon(double latitudeDeg, double longitudeDeg, int zone)
    {
        if (zone is < 1 or > 60)
        {
            throw new ArgumentOutOfRangeException(nameof(zone), zone, "UTM zone must be 1..60.");
        }

        var centralMeridian = (6 * zone) - 183;
        var (x, y) = TransverseMercator.Forward(latitudeDeg, NormaliseLongitude(longitudeDeg - centralMeridian));
        var north = latitudeDeg >= 0;
        return new UtmCoordinate(
            zone,
            north,
            FalseEasting + (ScaleFactor * x),
            (north ? 0 : FalseNorthingSouth) + (ScaleFactor * y));
    }

    /// <summary>Converts UTM back to WGS 84 decimal degrees.</summary>
    public static (double LatitudeDeg, double LongitudeDeg) ToLatLon(in UtmCoordinate utm)
    {
        var x = (utm.Easting - FalseEasting) / ScaleFactor;
        var y = (utm.Northing - (utm.IsNorth ? 0 : FalseNorthingSouth)) / ScaleFactor;
        var (lat, dLon) = TransverseMercator.Reverse(x, y);
        return (lat, NormaliseLongitude(dLon + (6 * utm.Zone) - 183));
    }

    internal static double NormaliseLongitude(double lon)
    {
        var r = Math.IEEERemainder(lon, 360);
        return r == 180 ? -180 : r;
    }
}
