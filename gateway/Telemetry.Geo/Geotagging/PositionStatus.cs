namespace Telemetry.Geo.Geotagging;

/// <summary>How a detection's position was obtained. Only Interpolated, Exact and Extrapolated are fresh.</summary>
public enum PositionStatus : byte
{
    /// <summary>No fix known at all: the record has no coordinates.</summary>
    None,

    /// <summary>Between two fixes, interpolated in a local metric frame.</summary>
    Interpolated,

    /// <summary>At the time of a fix.</summary>
    Exact,

    /// <summary>Beyond the first or last fix by at most <see cref="GeotagOptions.MaxExtrapolation"/>, with its velocity.</summary>
    Extrapolated,

    /// <summary>
    /// Beyond the extrapolation limit but within <see cref="GeotagOptions.MaxFixAge"/>: the nearest fix's position,
    /// not moved, with the accuracy widened by the maximum speed × age.
    /// </summary>
    Held,

    /// <summary>Nearest fix older than <see cref="GeotagOptions.MaxFixAge"/>: last known position, flagged, with its age.</summary>
    Stale,
}

/// <summary>Where the heading that rotated the lever arm came from.</summary>
public enum HeadingSource : byte
{
    /// <summary>No heading: the lever arm's horizontal part was not applied and widens the accuracy instead.</summary>
    Unknown,

    /// <summary>Dual-antenna true heading (NMEA HDT).</summary>
    Hdt,

    /// <summary>Course over ground, used because the speed was above the threshold.</summary>
    Course,
}
