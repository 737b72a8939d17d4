using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Time;

namespace Telemetry.Geo.Detections;

/// <summary>A detection with its identity, time, clock quality and position: everything the record holds.</summary>
public readonly struct GeotaggedDetection
{
    /// <summary>The detection as received.</summary>
    public DetectionInput Input { get; init; }

    /// <summary>Time-ordered UUIDv7.</summary>
    public Guid Id { get; init; }

    /// <summary>Per-rig monotonic sequence number.</summary>
    public long Sequence { get; init; }

    /// <summary>Event time, ns since the Unix epoch, UTC, from <see cref="ClockSource"/>.</summary>
    public long UtcNs { get; init; }

    /// <summary>Where <see cref="UtcNs"/> came from.</summary>
    public ClockSource ClockSource { get; init; }

    /// <summary>True if a system-clock jump was detected when this record was stamped.</summary>
    public bool ClockJumped { get; init; }

    /// <summary>The geotag.</summary>
    public GeoPosition Position { get; init; }
}
