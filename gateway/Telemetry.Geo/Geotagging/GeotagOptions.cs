using Telemetry.Geo.Gnss;

namespace Telemetry.Geo.Geotagging;

/// <summary>Geotagging configuration for one rig. Defaults are documented in docs/geotagging.md.</summary>
public sealed record GeotagOptions
{
    /// <summary>A detection whose nearest fix is older than this is kept but flagged stale (default 2 s).</summary>
    public TimeSpan MaxFixAge { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Furthest a position is extrapolated past the first/last fix with its velocity (default 0.2 s).</summary>
    public TimeSpan MaxExtrapolation { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Largest error bound, metres, that extrapolating past the newest fix may add for a pipeline to geotag a detection
    /// at once instead of holding it for the next epoch (default 0.03 m; 0 = always wait and interpolate). Waiting
    /// costs up to one epoch interval (100 ms at 10 Hz) of latency; for a slow platform (a deminer, a tiller at
    /// 1 km/h) the extrapolation bound over that interval is about a centimetre, so it is not worth the wait. A fast one
    /// (a drone at 3 m/s) exceeds it and still waits. See <see cref="Geotagger.CanExtrapolateWithin"/>.
    /// </summary>
    public double ExtrapolateWithinM { get; init; } = 0.03;

    /// <summary>How long GNSS time keeps mapping monotonic time after the last fix (default 10 s).</summary>
    public TimeSpan GnssTimeHoldover { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// 1σ uncertainty of an event's time on the GNSS time scale (timestamp latency, residual of the minimum-delay
    /// filter), default 10 ms; multiplied by the speed it widens the accuracy.
    /// </summary>
    public TimeSpan TimeUncertainty { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Antenna → sensor offset.</summary>
    public LeverArm LeverArm { get; init; }

    /// <summary>
    /// Radius around the lever-arm point within which the event may really lie, metres (default 0): half a tiller
    /// drum's width for a detonation anywhere along the drum, a survey sensor's detection footprint. Taken as a
    /// uniform disc (per-axis σ = radius / 2) and added to the lever-arm σ, so the stated accuracy covers it.
    /// </summary>
    public double FootprintRadiusM { get; init; }

    /// <summary>Minimum speed for course over ground to stand in for heading (default 0.5 m/s).</summary>
    public double CourseMinSpeedMps { get; init; } = 0.5;

    /// <summary>1σ heading error of a dual-antenna HDT heading, degrees (default 0.5°).</summary>
    public double HdtSigmaDeg { get; init; } = 0.5;

    /// <summary>1σ error of course over ground used as heading (sway, crab, sideslip), degrees (default 10°).</summary>
    public double CourseSigmaDeg { get; init; } = 10;

    /// <summary>Highest speed the platform is assumed capable of, m/s; bounds held and stale positions (default 3).</summary>
    public double MaxSpeedMps { get; init; } = 3;

    /// <summary>Highest acceleration assumed, m/s²; bounds extrapolation error (default 2).</summary>
    public double MaxAccelerationMps2 { get; init; } = 2;

    /// <summary>Safety factor on the measured speed when bounding interpolation error (default 1.25).</summary>
    public double SpeedMargin { get; init; } = 1.25;

    /// <summary>UERE model for fixes without GST.</summary>
    public UereModel Uere { get; init; } = new();

    /// <summary>Throws with the option's name and the fix if a value is unusable.</summary>
    public void Validate()
    {
        Require(MaxFixAge > TimeSpan.Zero, nameof(MaxFixAge), "must be positive, e.g. 00:00:02");
        Require(MaxExtrapolation >= TimeSpan.Zero && MaxExtrapolation <= MaxFixAge, nameof(MaxExtrapolation), "must be between 0 and MaxFixAge");
        Require(TimeUncertainty >= TimeSpan.Zero, nameof(TimeUncertainty), "must be ≥ 0, e.g. 00:00:00.010");
        Require(GnssTimeHoldover > TimeSpan.Zero, nameof(GnssTimeHoldover), "must be positive, e.g. 00:00:10");
        Require(double.IsFinite(LeverArm.Forward) && double.IsFinite(LeverArm.Right) && double.IsFinite(LeverArm.Down), nameof(LeverArm), "needs finite forward/right/down metres");
        Require(double.IsFinite(FootprintRadiusM) && FootprintRadiusM >= 0, nameof(FootprintRadiusM), "must be a finite radius ≥ 0 metres");
        Require(CourseMinSpeedMps >= 0, nameof(CourseMinSpeedMps), "must be ≥ 0 m/s");
        Require(HdtSigmaDeg >= 0 && CourseSigmaDeg >= 0, nameof(HdtSigmaDeg), "heading σ values must be ≥ 0 degrees");
        Require(MaxSpeedMps > 0 && MaxAccelerationMps2 >= 0, nameof(MaxSpeedMps), "speed must be > 0 and acceleration ≥ 0");
        Require(SpeedMargin >= 1, nameof(SpeedMargin), "must be ≥ 1");
        Require(double.IsFinite(ExtrapolateWithinM) && ExtrapolateWithinM >= 0, nameof(ExtrapolateWithinM), "must be a finite bound ≥ 0 metres (0 = always wait for the next fix)");
    }

    private static void Require(bool ok, string key, string fix)
    {
        if (!ok)
        {
            throw new ArgumentException($"Geotag option '{key}' {fix}.", key);
        }
    }
}
