using Telemetry.Geo.Gnss;

namespace Telemetry.Geo.Geotagging;

/// <summary>
/// A detection's geotag: the sensor's position, how it was obtained and how good it is. All σ values are circular
/// per-axis 1σ in metres; <see cref="HorizontalAccuracy"/> is the radius containing the true position with
/// probability <see cref="Confidence"/> under a circular normal model.
/// </summary>
public readonly struct GeoPosition
{
    /// <summary>Confidence level that <see cref="HorizontalAccuracy"/> represents.</summary>
    public const double Confidence = 0.95;

    /// <summary>√(−2 ln(1 − 0.95)): 95 % radius of a circular normal distribution in units of per-axis σ.</summary>
    public const double Radius95PerSigma = 2.4477468306808161;

    /// <summary>How the position was obtained.</summary>
    public PositionStatus Status { get; init; }

    /// <summary>Receiver the track came from.</summary>
    public PositionSource Source { get; init; }

    /// <summary>Sensor latitude, degrees WGS 84 (NaN when <see cref="Status"/> is None).</summary>
    public double Latitude { get; init; }

    /// <summary>Sensor longitude, degrees WGS 84 (NaN when None).</summary>
    public double Longitude { get; init; }

    /// <summary>Sensor height above the ellipsoid, metres (NaN if the fixes carried no altitude + geoid separation).</summary>
    public double EllipsoidHeight { get; init; }

    /// <summary>Sensor altitude above mean sea level, metres (NaN if absent).</summary>
    public double AltitudeMsl { get; init; }

    /// <summary>Worse fix type of the fixes used.</summary>
    public GnssFixType FixType { get; init; }

    /// <summary>Time from the detection to the nearest fix used, ns (≥ 0).</summary>
    public long FixAgeNs { get; init; }

    /// <summary>Fewest satellites of the fixes used (−1 unknown).</summary>
    public int Satellites { get; init; }

    /// <summary>Largest HDOP of the fixes used (NaN unknown).</summary>
    public double Hdop { get; init; }

    /// <summary>Least trustworthy σ source of the fixes used.</summary>
    public SigmaSource SigmaSource { get; init; }

    /// <summary>GNSS σ (the larger of the fixes'), metres.</summary>
    public double GnssSigma { get; init; }

    /// <summary>Motion σ: interpolation bound (speed × gap), extrapolation, hold or stale growth, metres.</summary>
    public double InterpolationSigma { get; init; }

    /// <summary>Lever-arm σ from heading uncertainty (or the whole arm when heading is unknown) and the sensor footprint, metres.</summary>
    public double LeverArmSigma { get; init; }

    /// <summary>Combined horizontal σ = √(gnss² + interpolation² + lever arm²), metres.</summary>
    public double HorizontalSigma { get; init; }

    /// <summary>Vertical σ, metres (NaN if no height).</summary>
    public double VerticalSigma { get; init; }

    /// <summary>Heading used for the lever arm, degrees true (NaN if unknown).</summary>
    public double HeadingDeg { get; init; }

    /// <summary>Source of <see cref="HeadingDeg"/>.</summary>
    public HeadingSource HeadingSource { get; init; }

    /// <summary>True when the lever arm's horizontal part was applied (heading known, or the arm is vertical only).</summary>
    public bool LeverArmApplied { get; init; }

    /// <summary>Radius at <see cref="Confidence"/>, metres: <see cref="HorizontalSigma"/> × 2.4477.</summary>
    public double HorizontalAccuracy => HorizontalSigma * Radius95PerSigma;

    /// <summary>True for a position that must not be shown as current (held beyond extrapolation or stale).</summary>
    public bool IsStale => Status == PositionStatus.Stale;

    /// <summary>True when there are coordinates.</summary>
    public bool HasCoordinates => Status != PositionStatus.None;

    /// <summary>The position of a detection when no fix is known.</summary>
    public static GeoPosition Unknown(PositionSource source) => new()
    {
        Status = PositionStatus.None,
        Source = source,
        Latitude = double.NaN,
        Longitude = double.NaN,
        EllipsoidHeight = double.NaN,
        AltitudeMsl = double.NaN,
        FixType = GnssFixType.None,
        Satellites = -1,
        Hdop = double.NaN,
        SigmaSource = SigmaSource.FixTypeDefault,
        GnssSigma = double.PositiveInfinity,
        InterpolationSigma = double.PositiveInfinity,
        LeverArmSigma = 0,
        HorizontalSigma = double.PositiveInfinity,
        VerticalSigma = double.NaN,
        HeadingDeg = double.NaN,
        HeadingSource = HeadingSource.Unknown,
    };
}
