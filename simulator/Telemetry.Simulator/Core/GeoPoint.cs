namespace Telemetry.Simulator.Core;

/// <summary>A WGS 84 position in decimal degrees, altitude in metres above mean sea level.</summary>
public readonly record struct GeoPoint(double Lat, double Lon, double Alt = 0);

/// <summary>A position in the site's local frame: metres east and north of the site origin.</summary>
public readonly record struct LocalPoint(double East, double North)
{
    public double DistanceTo(LocalPoint other) => Math.Sqrt(DistanceSquaredTo(other));

    public double DistanceSquaredTo(LocalPoint other)
    {
        var de = East - other.East;
        var dn = North - other.North;
        return (de * de) + (dn * dn);
    }
}
