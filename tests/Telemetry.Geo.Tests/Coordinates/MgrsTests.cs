using Telemetry.Geo.Coordinates;

namespace Telemetry.Geo.Tests.Coordinates;

/// <summary>MGRS against [GL-man] and [GL] (see <see cref="UtmTests"/> for the sources).</summary>
public sealed class MgrsTests
{
    [Theory]
    [InlineData(33.3, 44.4, 5, "38SMB4414084706")]    // [GL] -m; [GL-man] gives 38SMB44140847064 (precision 7), same square
    [InlineData(33.3, 44.4, 2, "38SMB4484")]          // [GL-man] "38SMB4484"
    [InlineData(40.3438, 46.9320, 5, "38TPK6408967708")] // [GL] Tartar, band T
    [InlineData(39.9931, 46.9270, 5, "38SPK6451028769")] // [GL] Aghdam, band S
    [InlineData(39.99, 46.93, 4, "38SPK64772843")]    // [GL] -m -p 4 = 38SPK647737386284311734, truncated to 10 m
    [InlineData(40.00001, 46.93, 4, "38TPK64742954")] // [GL] 38TPK647496737295422954, truncated to 10 m
    [InlineData(-33.8688, 151.2093, 5, "56HLH3436850948")]
    [InlineData(-45.0, -75.5, 5, "18GVR6059216928")]
    [InlineData(60.0, 5.0, 5, "32VKM7697958157")]
    [InlineData(78.2, 15.6, 5, "33XWG1369680760")]
    [InlineData(51.4778, -0.0015, 5, "30UYC0821307224")]
    [InlineData(1.0, -79.0, 5, "17NQB2256110597")]
    [InlineData(0.0, 3.0, 5, "31NEA0000000000")]
    [InlineData(-0.000001, 45.0, 5, "38MNE0000099999")]
    public void Format_matches_reference(double lat, double lon, int digits, string expected)
    {
        Assert.Equal(expected, Mgrs.Format(lat, lon, digits));
    }

    [Theory]
    [InlineData(39.999999, 'S')]
    [InlineData(40.0, 'T')]
    [InlineData(-80.0, 'C')]
    [InlineData(83.99, 'X')]
    [InlineData(84.0, 'X')]
    [InlineData(72.0, 'X')]
    [InlineData(71.99, 'W')]
    [InlineData(84.01, '\0')]
    [InlineData(-80.01, '\0')]
    public void Band_letters_follow_8_degree_bands_with_X_to_84N(double lat, char band)
    {
        Assert.Equal(band, Mgrs.BandLetter(lat));
    }

    [Fact]
    public void Polar_positions_are_refused_not_misnamed()
    {
        Span<byte> buffer = stackalloc byte[Mgrs.MaxLength];
        Assert.False(Mgrs.TryFormat(85, 10, 5, buffer, out _));
        Assert.False(Mgrs.TryFormat(40, 46, 6, buffer, out _));
        Assert.False(Mgrs.TryFormat(40, 46, 5, buffer[..10], out _));
    }
}
