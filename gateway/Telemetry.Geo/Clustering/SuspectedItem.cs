namespace Telemetry.Geo.Clustering;

/// <summary>
/// Repeated alarms at one spot, taken as one suspected item: how many, where (centroid) and how tightly grouped
/// (spread = RMS distance of the alarms from the centroid).
/// </summary>
public readonly struct SuspectedItem
{
    /// <summary>Id of the first alarm of the item; the item's stable id.</summary>
    public Guid FirstDetectionId { get; init; }

    /// <summary>Sequence number of the first alarm.</summary>
    public long FirstSequence { get; init; }

    /// <summary>Sequence number of the latest alarm.</summary>
    public long LastSequence { get; init; }

    /// <summary>UTC of the first alarm, ns since the Unix epoch.</summary>
    public long FirstUtcNs { get; init; }

    /// <summary>UTC of the latest alarm, ns since the Unix epoch.</summary>
    public long LastUtcNs { get; init; }

    /// <summary>Alarms merged into the item.</summary>
    public int Count { get; init; }

    /// <summary>Centroid latitude, degrees WGS 84.</summary>
    public double CentroidLatitude { get; init; }

    /// <summary>Centroid longitude, degrees WGS 84.</summary>
    public double CentroidLongitude { get; init; }

    /// <summary>RMS distance of the alarms from the centroid, metres.</summary>
    public double SpreadM { get; init; }

    /// <summary>Largest distance of an alarm from the final centroid's running estimate when it joined, metres.</summary>
    public double MaxJoinDistanceM { get; init; }

    /// <summary>Largest horizontal σ among the alarms, metres (the item is no better located than its worst alarm's GNSS).</summary>
    public double MaxHorizontalSigmaM { get; init; }

    /// <summary>Kinds seen, as a bit mask of 1 &lt;&lt; (int)<see cref="Detections.DetectionKind"/>.</summary>
    public int KindMask { get; init; }
}
