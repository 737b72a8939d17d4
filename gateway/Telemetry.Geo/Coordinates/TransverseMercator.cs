namespace Telemetry.Geo.Coordinates;

/// <summary>
/// Transverse Mercator on WGS 84 by the Krüger series in the third flattening n, carried to n⁶ as given by
/// C. F. F. Karney, "Transverse Mercator with an accuracy of a few nanometers", J. Geodesy 85 (2011) 475–485,
/// eqs. (35) (forward α) and (36) (reverse β). Within the UTM zones (|λ − λ₀| ≤ 3.5°) the truncation error is
/// a few nanometres, far below the 1 mm this project promises. The coefficients are Karney's published fractions.
/// </summary>
internal static class TransverseMercator
{
    private const double N = Wgs84.ThirdFlattening;

    // Rectifying radius A = a / (1 + n) · (1 + n²/4 + n⁴/64 + n⁶/256)   (Karney 2011, eq. 14)
    internal static readonly double RectifyingRadius =
        Wgs84.SemiMajorAxis / (1 + N) * (1 + (N * N / 4) + (Math.Pow(N, 4) / 64) + (Math.Pow(N, 6) / 256));

    // α_j: conformal latitude → rectifying (forward), Karney 2011 eq. (35).
    private static readonly double[] Alpha = Series(
    [
        [1.0 / 2, -2.0 / 3, 5.0 / 16, 41.0 / 180, -127.0 / 288, 7891.0 / 37800],
        [0, 13.0 / 48, -3.0 / 5, 557.0 / 1440, 281.0 / 630, -1983433.0 / 1935360],
        [0, 0, 61.0 / 240, -103.0 / 140, 15061.0 / 26880, 167603.0 / 181440],
        [0, 0, 0, 49561.0 / 161280, -179.0 / 168, 6601661.0 / 7257600],
        [0, 0, 0, 0, 34729.0 / 80640, -3418889.0 / 1995840],
        [0, 0, 0, 0, 0, 212378941.0 / 319334400],
    ]);

    // β_j: rectifying → conformal (reverse), Karney 2011 eq. (36).
    private static readonly double[] Beta = Series(
    [
        [1.0 / 2, -2.0 / 3, 37.0 / 96, -1.0 / 360, -81.0 / 512, 96199.0 / 604800],
        [0, 1.0 / 48, 1.0 / 15, -437.0 / 1440, 46.0 / 105, -1118711.0 / 3870720],
        [0, 0, 17.0 / 480, -37.0 / 840, -209.0 / 4480, 5569.0 / 90720],
        [0, 0, 0, 4397.0 / 161280, -11.0 / 504, -830251.0 / 7257600],
        [0, 0, 0, 0, 4583.0 / 161280, -108847.0 / 3991680],
        [0, 0, 0, 0, 0, 20648693.0 / 638668800],
    ]);

    /// <summary>Projects (φ, λ − λ₀) in degrees to unscaled, unshifted (x = east, y = north) metres with k₀ = 1.</summary>
    internal static (double X, double Y) Forward(double latitudeDeg, double deltaLongitudeDeg)
    {
        var phi = double.DegreesToRadians(latitudeDeg);
        var lam = double.DegreesToRadians(deltaLongitudeDeg);
        var e = Wgs84.Eccentricity;
        var sinPhi = Math.Sin(phi);

        // Conformal latitude as τ' = tan χ = sinh(atanh(sin φ) − e·atanh(e sin φ)); clamped at the poles.
        var tauPrime = Math.Abs(latitudeDeg) >= 90
            ? Math.CopySign(double.MaxValue, latitudeDeg)
            : Math.Sinh(Math.Atanh(sinPhi) - (e * Math.Atanh(e * sinPhi)));
        var xiPrime = Math.Atan2(tauPrime, Math.Cos(lam));
        var etaPrime = Math.Asinh(Math.Sin(lam) / Math.Sqrt((tauPrime * tauPrime) + (Math.Cos(lam) * Math.Cos(lam))));

        var xi = xiPrime;
        var eta = etaPrime;
        for (var j = 1; j <= 6; j++)
        {
            var a = Alpha[j - 1];
            xi += a * Math.Sin(2 * j * xiPrime) * Math.Cosh(2 * j * etaPrime);
            eta += a * Math.Cos(2 * j * xiPrime) * Math.Sinh(2 * j * etaPrime);
        }

        return (RectifyingRadius * eta, RectifyingRadius * xi);
    }

    /// <summary>Inverse of <see cref="Forward"/>: unscaled (x, y) metres to (φ, λ − λ₀) in degrees.</summary>
    internal static (double LatitudeDeg, double DeltaLongitudeDeg) Reverse(double x, double y)
    {
        var xi = y / RectifyingRadius;
        var eta = x / RectifyingRadius;
        var xiPrime = xi;
        var etaPrime = eta;
        for (var j = 1; j <= 6; j++)
        {
            var b = Beta[j - 1];
            xiPrime -= b * Math.Sin(2 * j * xi) * Math.Cosh(2 * j * eta);
            etaPrime -= b * Math.Cos(2 * j * xi) * Math.Sinh(2 * j * eta);
        }

        var sinhEta = Math.Sinh(etaPrime);
        var cosXi = Math.Cos(xiPrime);
        var tauPrime = Math.Sin(xiPrime) / Math.Sqrt((sinhEta * sinhEta) + (cosXi * cosXi));
        var lam = Math.Atan2(sinhEta, cosXi);
        var tau = ConformalToGeographicTangent(tauPrime);
        return (double.RadiansToDegrees(Math.Atan(tau)), double.RadiansToDegrees(lam));
    }

    // Solves τ' = τ·√(1+σ²) − σ·√(1+τ²), σ = sinh(e·atanh(e τ / √(1+τ²))) for τ = tan φ by Newton's method
    // (Karney 2011, eqs. 19–21); converges to machine precision in 2–3 steps for every latitude.
    private static double ConformalToGeographicTangent(double tauPrime)
    {
        var e = Wgs84.Eccentricity;
        var e2m = 1 - Wgs84.EccentricitySquared;
        var tau = tauPrime / e2m;
        for (var i = 0; i < 8; i++)
        {
            var root = Math.Sqrt(1 + (tau * tau));
            var sigma = Math.Sinh(e * Math.Atanh(e * tau / root));
            var tauPrimeI = (tau * Math.Sqrt(1 + (sigma * sigma))) - (sigma * root);
            var delta = (tauPrime - tauPrimeI) / Math.Sqrt(1 + (tauPrimeI * tauPrimeI))
                * (1 + (e2m * tau * tau)) / (e2m * root);
            tau += delta;
            if (Math.Abs(delta) <= 1e-14 * Math.Max(1, Math.Abs(tau)))
            {
                break;
            }
        }

        return tau;
    }

    // Evaluates each coefficient's polynomial in n once, at type initialisation.
    private static double[] Series(double[][] rows)
    {
        var result = new double[rows.Length];
        for (var j = 0; j < rows.Length; j++)
        {
            var sum = 0.0;
            var power = N;
            foreach (var c in rows[j])
            {
                sum += c * power;
                power *= N;
            }

            result[j] = sum;
        }

        return result;
    }
}
