namespace Telemetry.Geo.Clustering;

/// <summary>When repeated alarms count as one suspected item (docs/geotagging.md §7).</summary>
public sealed record ClusterOptions
{
    /// <summary>An alarm within this distance of a suspected item's centroid joins it (default 0.5 m).</summary>
    public double RadiusM { get; init; } = 0.5;

    /// <summary>An alarm joins only if the item's last alarm is at most this old; items idle longer close (default 120 s).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Open items kept at once; when full, the idlest item is closed early (default 256).</summary>
    public int MaxOpenItems { get; init; } = 256;

    /// <summary>Throws naming the key if a value is unusable.</summary>
    public void Validate()
    {
        if (!(RadiusM > 0) || !double.IsFinite(RadiusM))
        {
            throw new ArgumentException("Cluster option 'RadiusM' must be a positive number of metres, e.g. 0.5.", nameof(RadiusM));
        }

        if (Window <= TimeSpan.Zero)
        {
            throw new ArgumentException("Cluster option 'Window' must be positive, e.g. 00:02:00.", nameof(Window));
        }

        if (MaxOpenItems < 1)
        {
            throw new ArgumentException("Cluster option 'MaxOpenItems' must be at least 1.", nameof(MaxOpenItems));
        }
    }
}
