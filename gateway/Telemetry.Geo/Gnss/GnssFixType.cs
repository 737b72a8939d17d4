namespace Telemetry.Geo.Gnss;

/// <summary>
/// Position fix type. Values follow the NMEA 0183 GGA fix-quality field (0 invalid, 1 GPS, 2 DGPS, 3 PPS,
/// 4 RTK fixed, 5 RTK float, 6 dead reckoning, 7 manual, 8 simulation) so the gateway can cast a parsed quality.
/// </summary>
public enum GnssFixType : byte
{
    /// <summary>No fix (GGA quality 0, RMC status V): the fix carries no usable position.</summary>
    None = 0,

    /// <summary>Autonomous single-point GNSS (GGA 1).</summary>
    Autonomous = 1,

    /// <summary>Differential GNSS or SBAS (GGA 2).</summary>
    Dgps = 2,

    /// <summary>PPS / precise positioning service (GGA 3).</summary>
    Pps = 3,

    /// <summary>RTK with integer ambiguities fixed (GGA 4): centimetre class.</summary>
    RtkFixed = 4,

    /// <summary>RTK float (GGA 5): decimetre class.</summary>
    RtkFloat = 5,

    /// <summary>Dead reckoning / estimated (GGA 6): not a measurement.</summary>
    DeadReckoning = 6,

    /// <summary>Manually entered position (GGA 7).</summary>
    Manual = 7,

    /// <summary>Simulator output (GGA 8).</summary>
    Simulation = 8,
}

/// <summary>Helpers for <see cref="GnssFixType"/>.</summary>
public static class GnssFixTypes
{
    /// <summary>Maps a GGA fix-quality number; unknown numbers map to <see cref="GnssFixType.None"/> (unusable).</summary>
    public static GnssFixType FromGgaQuality(int quality) =>
        quality is >= 0 and <= 8 ? (GnssFixType)quality : GnssFixType.None;

    /// <summary>
    /// Trust rank used to pick the worse of two fixes around a detection: higher is better.
    /// RTK fixed &gt; RTK float &gt; DGPS &gt; PPS &gt; autonomous &gt; simulation &gt; manual &gt; dead reckoning &gt; none.
    /// </summary>
    public static int Rank(this GnssFixType type) => type switch
    {
        GnssFixType.RtkFixed => 8,
        GnssFixType.RtkFloat => 7,
        GnssFixType.Dgps => 6,
        GnssFixType.Pps => 5,
        GnssFixType.Autonomous => 4,
        GnssFixType.Simulation => 3,
        GnssFixType.Manual => 2,
        GnssFixType.DeadReckoning => 1,
        _ => 0,
    };

    /// <summary>The worse (less trusted) of two fix types.</summary>
    public static GnssFixType Worse(GnssFixType a, GnssFixType b) => a.Rank() <= b.Rank() ? a : b;

    /// <summary>The snake_case name used in the detection record (docs/schemas/detection.schema.json).</summary>
    public static string JsonName(this GnssFixType type) => type switch
    {
        GnssFixType.Autonomous => "autonomous",
        GnssFixType.Dgps => "dgps",
        GnssFixType.Pps => "pps",
        GnssFixType.RtkFixed => "rtk_fixed",
        GnssFixType.RtkFloat => "rtk_float",
        GnssFixType.DeadReckoning => "dead_reckoning",
        GnssFixType.Manual => "manual",
        GnssFixType.Simulation => "simulation",
        _ => "none",
    };
}
