using Telemetry.Geo.Coordinates;

namespace Telemetry.Geo.Tests.Coordinates;

/// <summary>
/// UTM against published reference conversions. Sources:
/// [GL-man] GeographicLib GeoConvert(1) manual, "UTM/UPS" and "MGRS" input examples: 33.3 44.4 ≡ "38n 444140.54 3684706.36"
///          ≡ MGRS "38SMB44140847064" (https://geographiclib.sourceforge.io/C++/doc/GeoConvert.1.html).
/// [GL]     GeographicLib 2.1.2 GeoConvert (Debian package geographiclib-tools), "GeoConvert -u -p 6" / "-p 9":
///          Karney's n⁶ Krüger series, accurate to 5 nm within a zone — the reference implementation of the
///          algorithm, values copied here to the µm it printed.
/// [JS]     geographiclib UTMUPS port test vectors: 83.6277742673141, −32.664336398663515 → 25n 504159.22734414256
///          9286552.074810686, and forced to zone 24 → 578350.0433861618 9290849.606814016 (both equal [GL] output).
/// </summary>
public sealed class UtmTests
{
    private const double Mm = 0.001;

    public static TheoryData<double, double, int, bool, double, double> ForwardVectors => new()
    {
        // lat, lon, zone, north, easting, northing   [GL] unless noted
        { 33.3, 44.4, 38, true, 444140.544918, 3684706.355550 },          // [GL-man] 444140.54 3684706.36
        { 40.3438, 46.9320, 38, true, 664089.989584, 4467708.142378 },    // Tartar, band T
        { 39.9931, 46.9270, 38, true, 664510.156095, 4428769.734195 },    // Aghdam, band S
        { 40.0, 46.5, 38, true, 628042.121616, 4428834.708903 },          // the S/T band edge
        { 39.0, 47.2, 38, true, 690511.696856, 4319078.991030 },          // Fuzuli/Jabrayil area
        { -33.8688, 151.2093, 56, false, 334368.633648, 6250948.345385 }, // southern hemisphere
        { 0.0, 3.0, 31, true, 500000.0, 0.0 },                            // central meridian on the equator
        { -45.0, -75.5, 18, false, 460592.350983, 5016928.012408 },
        { 60.0, 5.0, 32, true, 276979.926401, 6658157.202407 },           // Norway exception: 32V, not 31V
        { 78.2, 15.6, 33, true, 513696.945417, 8680760.053196 },          // Svalbard exception: 33X
        { 51.4778, -0.0015, 30, true, 708213.950602, 5707224.542592 },
        { 1.0, -79.0, 17, true, 722561.736479, 110597.972524 },
        { -0.000001, 45.0, 38, false, 500000.0, 9999999.889470 },
        { 83.6277742673141, -32.664336398663515, 25, true, 504159.22734414256, 9286552.074810686 }, // [JS]
    };

    [Theory]
    [MemberData(nameof(ForwardVectors))]
    public void Forward_matches_reference_to_a_millimetre(double lat, double lon, int zone, bool north, double easting, double northing)
    {
        var utm = Utm.FromLatLon(lat, lon);

        Assert.Equal(zone, utm.Zone);
        Assert.Equal(north, utm.IsNorth);
        Assert.Equal(easting, utm.Easting, Mm);
        Assert.Equal(northing, utm.Northing, Mm);
    }

    [Theory]
    [MemberData(nameof(ForwardVectors))]
    public void Reverse_returns_the_reference_point_within_a_millimetre(double lat, double lon, int zone, bool north, double easting, double northing)
    {
        var (rlat, rlon) = Utm.ToLatLon(new UtmCoordinate(zone, north, easting, northing));

        var frame = new LocalFrame(lat, lon);
        var (e, n, _) = frame.ToLocal(rlat, rlon);
        Assert.True(Math.Sqrt((e * e) + (n * n)) < Mm, $"{rlat},{rlon} is {e:F6} m E, {n:F6} m N of {lat},{lon}");
    }

    [Theory]
    [InlineData(83.6277742673141, -32.664336398663515, 24, 578350.0433861618, 9290849.606814016)] // [JS] forced zone
    [InlineData(40.0, 46.5, 39, 115812.167614, 4437465.898846)] // [GL] -z 39n: 4.5° from the central meridian
    [InlineData(39.5, 42.1, 38, 250640.325531, 4376280.444549)] // [GL] -z 38n
    public void Forced_zone_matches_reference(double lat, double lon, int zone, double easting, double northing)
    {
        var utm = Utm.FromLatLon(lat, lon, zone);

        Assert.Equal(easting, utm.Easting, Mm);
        Assert.Equal(northing, utm.Northing, Mm);
    }

    [Theory]
    [InlineData(38, true, 444500, 3688500, 33.33423508461097, 44.40362784783868)]   // [GL] = centre of 38SMB4488 [GL-man]
    [InlineData(38, true, 600000, 4400000, 39.74403956295110, 46.16715187534577)]   // [GL]
    [InlineData(33, false, 250000, 6000000, -36.11250556013407, 12.22253971388847)] // [GL]
    public void Reverse_matches_reference(int zone, bool north, double easting, double northing, double lat, double lon)
    {
        var (rlat, rlon) = Utm.ToLatLon(new UtmCoordinate(zone, north, easting, northing));

        // 1e-8° ≈ 1.1 mm of latitude; the longitude tolerance is scaled to the same ground distance.
        Assert.Equal(lat, rlat, 1e-8);
        Assert.Equal(lon, rlon, 1e-8 / Math.Cos(double.DegreesToRadians(lat)));
    }

    [Fact]
    public void Karabakh_is_zone_38N_epsg_32638()
    {
        var utm = Utm.FromLatLon(39.99, 46.93);

        Assert.Equal(38, utm.Zone);
        Assert.Equal(32638, utm.Epsg);
        Assert.Equal(32738, new UtmCoordinate(38, false, 0, 0).Epsg);
    }

    [Fact]
    public void Zone_out_of_range_names_the_parameter()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Utm.FromLatLon(40, 46, 61));
        Assert.Equal("zone", ex.ParamName);
    }
}
