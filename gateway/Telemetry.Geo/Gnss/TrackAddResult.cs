namespace Telemetry.Geo.Gnss;

/// <summary>What <see cref="GnssTrack.Add"/> did with a fix.</summary>
public enum TrackAddResult : byte
{
    /// <summary>Appended as the newest epoch.</summary>
    Added,

    /// <summary>Same epoch time as the newest fix: replaced it (a later sentence of the same epoch completed it).</summary>
    Replaced,

    /// <summary>No usable position (fix type None or coordinates out of range): not stored.</summary>
    RejectedNoPosition,

    /// <summary>Epoch time older than the newest stored fix: not stored (the track never reorders).</summary>
    RejectedOutOfOrder,
}
