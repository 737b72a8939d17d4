using FsCheck;
using FsCheck.Fluent;
using Telemetry.Geo.Coordinates;

namespace Telemetry.Geo.Tests.Coordinates;

public sealed class LocalFrameTests
{
    [Fact]
    public void Origin_maps_to_zero()
    {
        var frame = new LocalFrame(39.99, 46.93, 350);
        var (e, n, u) = frame.ToLocal(39.99, 46.93, 350);

        Assert.Equal(0, e, 1e-9);
        Assert.Equal(0, n, 1e-9);
        Assert.Equal(0, u, 1e-9);
    }

    [Fact]
    public void Ecef_of_a_known_point_matches_the_closed_form()
    {
        // On the equator at the prime meridian, ECEF is (a + h, 0, 0) by definition of the ellipsoid.
        var (x, y, z) = LocalFrame.ToEcef(0, 0, 100);
        Assert.Equal(Wgs84.SemiMajorAxis + 100, x, 1e-6);
        Assert.Equal(0, y, 1e-6);
        Assert.Equal(0, z, 1e-6);

        // At the north pole, z = b + h with b = a (1 − f).
        var (_, _, zp) = LocalFrame.ToEcef(90, 0, 0);
        Assert.Equal(Wgs84.SemiMajorAxis * (1 - Wgs84.Flattening), zp, 1e-6);
    }

    [Fact]
    public void Small_offsets_agree_with_the_radii_of_curvature()
    {
        // 1e-5° of latitude is M·Δφ metres north; 1e-5° of longitude is N·cosφ·Δλ metres east (first order).
        var lat = 40.0;
        var phi = double.DegreesToRadians(lat);
        var frame = new LocalFrame(lat, 46.9);
        var (_, north, _) = frame.ToLocal(lat + 1e-5, 46.9);
        var (east, _, _) = frame.ToLocal(lat, 46.9 + 1e-5);

        Assert.Equal(Wgs84.MeridionalRadius(phi) * double.DegreesToRadians(1e-5), north, 1e-6);
        Assert.Equal(Wgs84.PrimeVerticalRadius(phi) * Math.Cos(phi) * double.DegreesToRadians(1e-5), east, 1e-6);
    }

    [Fact]
    public void Round_trip_is_exact_to_a_micrometre_anywhere_within_ten_kilometres()
    {
        var gen =
            from lat in Gen.Choose(-800_000, 840_000).Select(i => i / 10_000.0)
            from lon in Gen.Choose(-1_800_000, 1_800_000).Select(i => i / 10_000.0)
            from e in Gen.Choose(-10_000_000, 10_000_000).Select(i => i / 1000.0)
            from n in Gen.Choose(-10_000_000, 10_000_000).Select(i => i / 1000.0)
            from u in Gen.Choose(-100_000, 100_000).Select(i => i / 1000.0)
            select (lat, lon, e, n, u);

        Prop.ForAll(Arb.From(gen), p =>
        {
            var frame = new LocalFrame(p.lat, p.lon, 300);
            var (lat, lon, h) = frame.ToGeodetic(p.e, p.n, p.u);
            var (e, n, u) = frame.ToLocal(lat, lon, h);
            return Math.Abs(e - p.e) < 1e-6 && Math.Abs(n - p.n) < 1e-6 && Math.Abs(u - p.u) < 1e-6;
        }).QuickCheckThrowOnFailure();
    }
}
