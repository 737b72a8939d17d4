namespace Telemetry.Geo.Coordinates;

/// <summary>A UTM grid position on WGS 84: zone 1–60, hemisphere, easting and northing in metres.</summary>
/// <param name="Zone">UTM zone number, 1–60 (38 for Karabakh).</param>
/// <param name="IsNorth">True for the northern hemisphere (false northing 0), false for the southern (10 000 km).</param>
/// <param name="Easting">Easting in metres, false easting 500 000 m included.</param>
/// <param name="Northing">Northing in metres, false northing included.</param>
public readonly record struct UtmCoordinate(int Zone, bool IsNorth, double Easting, double Northing)
{
    /// <summary>EPSG code of this zone's projected CRS: 326zz north, 327zz south (EPSG:32638 for 38N).</summary>
    public int Epsg => (IsNorth ? 32600 : 32700) + Zone;
}
