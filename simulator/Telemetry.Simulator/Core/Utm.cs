namespace Telemetry.Simulator.Core;

/// <summary>
/// WGS 84 to UTM (northern hemisphere zones), Krüger's series to n⁴: sub-millimetre inside a zone. Used only to
/// label ground truth in the coordinates demining maps use (Karabakh is UTM 38N, EPSG:32638).
/// </summary>
internal static class Utm
{
    private const double SemiMajor = 6378137.0;
    private const double Flattening = 1 / 298.257223563;
    private const double ScaleFactor = 0.9996;
    private const double FalseEasting = 500000;

    public static int ZoneOf(double lon) => (int)Math.Floor((lon + 180) / 6) + 1;

    public static (double Easting, double Northing) Forward(double lat, double lon, int zone)
    {
        var n = Flattening / (2 - Flattening);
        var a = SemiMajor / (1 + n) * (1 + (n * n / 4) + (n * n * n * n / 64));
        var alpha1 = (n / 2) - (2 * n * n / 3) + (5 * n * n * n / 16);
        var alpha2 = (13 * n * n / 48) - (3 * n * n * n / 5);
        var alpha3 = 61 * n * n * n / 240;
        var phi = lat * Math.PI / 180;
        var lambda = (lon - ((zone * 6) - 183)) * Math.PI / 180;
        var e = Math.Sqrt(Flattening * (2 - Flattening));
        var t = Math.Sinh(Math.Atanh(Math.Sin(phi)) - (e * Math.Atanh(e * Math.Sin(phi))));
        var xiPrime = Math.Atan2(t, Math.Cos(lambda));
        var etaPrime = Math.Atanh(Math.Sin(lambda) / Math.Sqrt(1 + (t * t)));
        var xi = xiPrime
            + (alpha1 * Math.Sin(2 * xiPrime) * Math.Cosh(2 * etaPrime))
            + (alpha2 * Math.Sin(4 * xiPrime) * Math.Cosh(4 * etaPrime))
            + (alpha3 * Math.Sin(6 * xiPrime) * Math.Cosh(6 * etaPrime));
        var eta = etaPrime
            + (alpha1 * Math.Cos(2 * xiPrime) * Math.Sinh(2 * etaPrime))
            + (alpha2 * Math.Cos(4 * xiPrime) * Math.Sinh(4 * etaPrime))
            + (alpha3 * Math.Cos(6 * xiPrime) * Math.Sinh(6 * etaPrime));
        return (FalseEasting + (ScaleFactor * a * eta), ScaleFactor * a * xi);
    }
}
