namespace Telemetry.Simulator.Core;

/// <summary>
/// East/north metres around a site origin on the WGS 84 ellipsoid. A tangent-plane approximation using the
/// meridian and prime-vertical radii at the origin: over a site of a few hundred metres its error is well under a
/// millimetre horizontally, far below the centimetre of RTK, so ground truth stays exact for scoring.
/// </summary>
public sealed class LocalFrame
{
    private const double SemiMajor = 6378137.0;
    private const double Flattening = 1 / 298.257223563;
    private readonly double _metresPerDegreeLat;
    private readonly double _metresPerDegreeLon;

    public LocalFrame(GeoPoint origin)
    {
        Origin = origin;
        var e2 = Flattening * (2 - Flattening);
        var phi = origin.Lat * Math.PI / 180;
        var sin = Math.Sin(phi);
        var w = Math.Sqrt(1 - (e2 * sin * sin));
        var meridian = SemiMajor * (1 - e2) / (w * w * w);
        var primeVertical = SemiMajor / w;
        _metresPerDegreeLat = meridian * Math.PI / 180;
        _metresPerDegreeLon = primeVertical * Math.Cos(phi) * Math.PI / 180;
    }

    public GeoPoint Origin { get; }

    public GeoPoint ToGeo(LocalPoint p, double alt) =>
        new(Origin.Lat + (p.North / _metresPerDegreeLat), Origin.Lon + (p.East / _metresPerDegreeLon), alt);

    public LocalPoint ToLocal(double lat, double lon) =>
        new((lon - Origin.Lon) * _metresPerDegreeLon, (lat - Origin.Lat) * _metresPerDegreeLat);
}
