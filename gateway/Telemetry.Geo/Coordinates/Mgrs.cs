using System.Globalization;

namespace Telemetry.Geo.Coordinates;

/// <summary>
/// MGRS grid references (NGA.SIG.0012, "Universal Grids", §2–3: 8° latitude bands C–X with X spanning 72–84°N,
/// 100 km squares lettered A–Z without I and O, the "AA" lettering scheme of WGS 84). Digits are truncated, never
/// rounded, as MGRS requires: a reference names the square containing the point. UPS (polar) areas are not covered.
/// </summary>
public static class Mgrs
{
    /// <summary>The longest reference written: zone (2) + band + square (2) + 2 × 5 digits.</summary>
    public const int MaxLength = 15;

    private const string BandLetters = "CDEFGHJKLMNPQRSTUVWX";

    // Column letters cycle through three sets by zone (zone mod 3 = 1, 2, 0); rows through A–V, offset by 5 in even zones.
    private const string ColumnLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string RowLetters = "ABCDEFGHJKLMNPQRSTUV";

    /// <summary>The latitude band letter (C–X) of a latitude in [−80°, 84°]; '\0' outside the UTM area.</summary>
    public static char BandLetter(double latitudeDeg)
    {
        if (!(latitudeDeg >= -80 && latitudeDeg <= 84))
        {
            return '\0';
        }

        var index = Math.Min((int)Math.Floor((latitudeDeg + 80) / 8), 19); // band X runs to 84°N
        return BandLetters[index];
    }

    /// <summary>
    /// Writes the MGRS reference of a WGS 84 position into <paramref name="destination"/> (ASCII, no spaces), with
    /// <paramref name="digits"/> digits per axis (1 = 10 km … 5 = 1 m). Returns false if the position is outside
    /// 80°S–84°N or the destination is too short.
    /// </summary>
    public static bool TryFormat(double latitudeDeg, double longitudeDeg, int digits, Span<byte> destination, out int written)
    {
        written = 0;
        var band = BandLetter(latitudeDeg);
        if (band == '\0' || digits is < 1 or > 5 || destination.Length < 5 + (2 * digits) || !double.IsFinite(longitudeDeg))
        {
            return false;
        }

        var utm = Utm.FromLatLon(latitudeDeg, longitudeDeg);
        var e100k = (int)Math.Floor(utm.Easting / 100_000);
        var n100k = (int)Math.Floor(utm.Northing / 100_000);
        if (e100k is < 1 or > 8)
        {
            return false; // only possible far outside a zone's usable width
        }

        var set = (utm.Zone - 1) % 3;
        var column = ColumnLetters[(set * 8) + e100k - 1];
        var row = RowLetters[(n100k + (utm.Zone % 2 == 0 ? 5 : 0)) % 20];

        destination[0] = (byte)('0' + (utm.Zone / 10));
        destination[1] = (byte)('0' + (utm.Zone % 10));
        destination[2] = (byte)band;
        destination[3] = (byte)column;
        destination[4] = (byte)row;
        var divisor = (int)Math.Pow(10, 5 - digits);
        WriteDigits(destination.Slice(5, digits), Truncate(utm.Easting - (e100k * 100_000.0), divisor));
        WriteDigits(destination.Slice(5 + digits, digits), Truncate(utm.Northing - (n100k * 100_000.0), divisor));
        written = 5 + (2 * digits);
        return true;
    }

    /// <summary>Formats an MGRS reference as a string (convenience for tools and tests; allocates).</summary>
    public static string Format(double latitudeDeg, double longitudeDeg, int digits = 5)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        if (!TryFormat(latitudeDeg, longitudeDeg, digits, buffer, out var written))
        {
            throw new ArgumentOutOfRangeException(
                nameof(latitudeDeg),
                string.Create(CultureInfo.InvariantCulture, $"MGRS needs 80°S–84°N and 1–5 digits; got {latitudeDeg}, {digits}."));
        }

        return System.Text.Encoding.ASCII.GetString(buffer[..written]);
    }

    // Truncation, with a nanometre guard so that a value that is an exact multiple after floating-point
    // round-off (e.g. 44499.9999999999) is not pushed into the square below.
    private static int Truncate(double metresInSquare, int divisor) =>
        Math.Clamp((int)Math.Floor((metresInSquare + 1e-9) / divisor), 0, (100_000 / divisor) - 1);

    private static void WriteDigits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
