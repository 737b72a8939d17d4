namespace Telemetry.Geo.Coordinates;

/// <summary>
/// A local east-north-up (ENU) frame tangent to WGS 84 at an origin: geodetic → ECEF (earth-centred, earth-fixed)
/// → rotation to the origin's tangent plane, and back. Exact at any distance (no small-angle approximation), so
/// interpolation, lever arms and distances are computed in metres, never in raw degrees.
/// </summary>
public readonly struct LocalFrame
{
    private readonly double _x0;
    private readonly double _y0;
    private readonly double _z0;
    private readonly double _sinLat;
    private readonly double _cosLat;
    private readonly double _sinLon;
    private readonly double _cosLon;

    /// <summary>Creates the frame tangent at the given origin (degrees, metres above the ellipsoid).</summary>
    public LocalFrame(double originLatDeg, double originLonDeg, double originHeight = 0)
    {
        OriginLatitude = originLatDeg;
        OriginLongitude = originLonDeg;
        OriginHeight = double.IsFinite(originHeight) ? originHeight : 0;
        (_x0, _y0, _z0) = ToEcef(originLatDeg, originLonDeg, OriginHeight);
        (_sinLat, _cosLat) = Math.SinCos(double.DegreesToRadians(originLatDeg));
        (_sinLon, _cosLon) = Math.SinCos(double.DegreesToRadians(originLonDeg));
    }

    /// <summary>Origin latitude, degrees.</summary>
    public double OriginLatitude { get; }

    /// <summary>Origin longitude, degrees.</summary>
    public double OriginLongitude { get; }

    /// <summary>Origin height above the ellipsoid, metres.</summary>
    public double OriginHeight { get; }

    /// <summary>East, north, up offsets in metres of a point from the origin.</summary>
    public (double East, double North, double Up) ToLocal(double latDeg, double lonDeg, double height = 0)
    {
        var (x, y, z) = ToEcef(latDeg, lonDeg, double.IsFinite(height) ? height : OriginHeight);
        var dx = x - _x0;
        var dy = y - _y0;
        var dz = z - _z0;
        var east = (-_sinLon * dx) + (_cosLon * dy);
        var north = (-_sinLat * _cosLon * dx) - (_sinLat * _sinLon * dy) + (_cosLat * dz);
        var up = (_cosLat * _cosLon * dx) + (_cosLat * _sinLon * dy) + (_sinLat * dz);
        return (east, north, up);
    }

    /// <summary>Latitude and longitude (degrees) and height (metres) of a point given in this frame.</summary>
    public (double LatitudeDeg, double LongitudeDeg, double Height) ToGeodetic(double east, double north, double up = 0)
    {
        var x = _x0 - (_sinLon * east) - (_sinLat * _cosLon * north) + (_cosLat * _cosLon * up);
        var y = _y0 + (_cosLon * east) - (_sinLat * _sinLon * north) + (_cosLat * _sinLon * up);
        var z = _z0 + (_cosLat * north) + (_sinLat * up);
        return FromEcef(x, y, z);
    }

    internal static (double X, double Y, double Z) ToEcef(double latDeg, double lonDeg, double height)
    {
        var (sinLat, cosLat) = Math.SinCos(double.DegreesToRadians(latDeg));
        var (sinLon, cosLon) = Math.SinCos(double.DegreesToRadians(lonDeg));
        var n = Wgs84.SemiMajorAxis / Math.Sqrt(1 - (Wgs84.EccentricitySquared * sinLat * sinLat));
        return ((n + height) * cosLat * cosLon,
                (n + height) * cosLat * sinLon,
                ((n * (1 - Wgs84.EccentricitySquared)) + height) * sinLat);
    }

    // Fixed-point iteration on latitude; near the ellipsoid surface (|h| ≪ N) each step gains ~3 orders of
    // magnitude, so 5 steps reach below 1e-12 rad (6 µm) from the first guess.
    internal static (double LatitudeDeg, double LongitudeDeg, double Height) FromEcef(double x, double y, double z)
    {
        var e2 = Wgs84.EccentricitySquared;
        var p = Math.Sqrt((x * x) + (y * y));
        var lon = Math.Atan2(y, x);
        var lat = Math.Atan2(z, p * (1 - e2));
        var height = 0.0;
        for (var i = 0; i < 5; i++)
        {
            var (sinLat, cosLat) = Math.SinCos(lat);
            var n = Wgs84.SemiMajorAxis / Math.Sqrt(1 - (e2 * sinLat * sinLat));
            height = Math.Abs(cosLat) > 1e-10 ? (p / cosLat) - n : (Math.Abs(z) / Math.Abs(sinLat)) - (n * (1 - e2));
            lat = Math.Atan2(z, p * (1 - (e2 * n / (n + height))));
        }

        return (double.RadiansToDegrees(lat), double.RadiansToDegrees(lon), height);
    }
}
