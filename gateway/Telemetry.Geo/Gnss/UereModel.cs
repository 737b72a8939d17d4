namespace Telemetry.Geo.Gnss;

/// <summary>
/// Estimates a fix's horizontal σ when the receiver sends no GST. Model: 2D RMS error (DRMS) = HDOP × UERE, where
/// UERE (user equivalent range error, metres, 1σ) depends on the fix type; the circular per-axis σ is DRMS / √2.
/// The default UERE values are engineering assumptions (documented in docs/geotagging.md), not receiver figures;
/// set them from the receiver's data sheet where it gives them. When GST is present it always wins.
/// </summary>
public sealed record UereModel
{
    /// <summary>The HDOP assumed when a fix carries neither GST nor HDOP.</summary>
    public const double AssumedHdop = 2.0;

    /// <summary>UERE for autonomous single-point fixes, metres (default 4.0: modern multi-GNSS SPS).</summary>
    public double Autonomous { get; init; } = 4.0;

    /// <summary>UERE for DGPS/SBAS, metres (default 1.0).</summary>
    public double Dgps { get; init; } = 1.0;

    /// <summary>UERE for PPS fixes, metres (default 2.0).</summary>
    public double Pps { get; init; } = 2.0;

    /// <summary>UERE for RTK float, metres (default 0.4: decimetre class).</summary>
    public double RtkFloat { get; init; } = 0.4;

    /// <summary>UERE for RTK fixed, metres (default 0.02: centimetre class).</summary>
    public double RtkFixed { get; init; } = 0.02;

    /// <summary>UERE for dead reckoning, manual and simulated fixes, metres (default 10: never trusted as measured).</summary>
    public double Other { get; init; } = 10.0;

    /// <summary>The UERE configured for a fix type; +∞ for <see cref="GnssFixType.None"/>.</summary>
    public double For(GnssFixType type) => type switch
    {
        GnssFixType.Autonomous => Autonomous,
        GnssFixType.Dgps => Dgps,
        GnssFixType.Pps => Pps,
        GnssFixType.RtkFloat => RtkFloat,
        GnssFixType.RtkFixed => RtkFixed,
        GnssFixType.None => double.PositiveInfinity,
        _ => Other,
    };

    /// <summary>
    /// Circular per-axis horizontal σ of a fix, metres: from GST as √((σlat² + σlon²)/2); else HDOP × UERE / √2;
    /// else <see cref="AssumedHdop"/> × UERE / √2.
    /// </summary>
    public double HorizontalSigma(in GnssFix fix, out SigmaSource source)
    {
        if (double.IsFinite(fix.SigmaLatitude) && double.IsFinite(fix.SigmaLongitude)
            && fix.SigmaLatitude >= 0 && fix.SigmaLongitude >= 0)
        {
            source = SigmaSource.Gst;
            return Math.Sqrt(((fix.SigmaLatitude * fix.SigmaLatitude) + (fix.SigmaLongitude * fix.SigmaLongitude)) / 2);
        }

        if (double.IsFinite(fix.Hdop) && fix.Hdop > 0)
        {
            source = SigmaSource.Hdop;
            return fix.Hdop * For(fix.FixType) / Math.Sqrt(2);
        }

        source = SigmaSource.FixTypeDefault;
        return AssumedHdop * For(fix.FixType) / Math.Sqrt(2);
    }

    /// <summary>Vertical σ ÷ horizontal σ assumed without GST (default 1.5, a typical VDOP/HDOP ratio).</summary>
    public double VerticalToHorizontal { get; init; } = 1.5;

    /// <summary>Vertical σ: GST σ altitude when present, else <see cref="VerticalToHorizontal"/> × the horizontal σ; metres.</summary>
    public double VerticalSigma(in GnssFix fix, double horizontalSigma) =>
        double.IsFinite(fix.SigmaAltitude) && fix.SigmaAltitude >= 0 ? fix.SigmaAltitude : VerticalToHorizontal * horizontalSigma;
}
