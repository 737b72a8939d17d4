using FsCheck;
using FsCheck.Fluent;
using Telemetry.Geo.Coordinates;

namespace Telemetry.Geo.Tests.Coordinates;

public sealed class UtmPropertyTests
{
    [Fact]
    public void Forward_then_reverse_returns_within_a_millimetre_everywhere_in_the_UTM_area()
    {
        var gen =
            from lat in Gen.Choose(-800_000, 840_000).Select(i => i / 10_000.0)
            from lon in Gen.Choose(-1_799_999, 1_799_999).Select(i => i / 10_000.0)
            select (lat, lon);

        Prop.ForAll(Arb.From(gen), p =>
        {
            var utm = Utm.FromLatLon(p.lat, p.lon);
            var (lat, lon) = Utm.ToLatLon(utm);
            var (e, n, _) = new LocalFrame(p.lat, p.lon).ToLocal(lat, lon);
            return Math.Sqrt((e * e) + (n * n)) < 0.001;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Karabakh_MGRS_squares_contain_their_points()
    {
        // The MGRS reference names the 1 m square south-west of the point: the point lies 0–1 m east and north of it.
        var gen =
            from lat in Gen.Choose(390_000, 404_000).Select(i => i / 10_000.0)
            from lon in Gen.Choose(460_000, 472_000).Select(i => i / 10_000.0)
            select (lat, lon);

        Prop.ForAll(Arb.From(gen), p =>
        {
            var mgrs = Mgrs.Format(p.lat, p.lon);
            var utm = Utm.FromLatLon(p.lat, p.lon);
            var e = int.Parse(mgrs.AsSpan(5, 5), provider: System.Globalization.CultureInfo.InvariantCulture);
            var n = int.Parse(mgrs.AsSpan(10, 5), provider: System.Globalization.CultureInfo.InvariantCulture);
            var de = (utm.Easting % 100_000) - e;
            var dn = (utm.Northing % 100_000) - n;
            return mgrs.StartsWith("38", StringComparison.Ordinal)
                && mgrs[2] == (p.lat >= 40 ? 'T' : 'S')
                && de is >= 0 and < 1 && dn is >= 0 and < 1;
        }).QuickCheckThrowOnFailure();
    }
}
