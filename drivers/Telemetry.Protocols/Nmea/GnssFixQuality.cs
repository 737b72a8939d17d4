namespace Telemetry.Protocols.Nmea;

/// <summary>GGA fix quality (NMEA 0183 GGA field 6). The same scale is used for RMC/GNS mode indicators.</summary>
public enum GnssFixQuality : byte
{
    /// <summary>No fix: position must not be used.</summary>
    Invalid = 0,

    /// <summary>Autonomous GNSS fix.</summary>
    Gps = 1,

    /// <summary>Differential (SBAS or DGPS) fix.</summary>
    Dgps = 2,

    /// <summary>PPS / precise fix.</summary>
    Pps = 3,

    /// <summary>RTK with fixed integer ambiguities (centimetre level).</summary>
    RtkFixed = 4,

    /// <summary>RTK with float ambiguities (decimetre level).</summary>
    RtkFloat = 5,

    /// <summary>Dead reckoning (estimated).</summary>
    DeadReckoning = 6,

    /// <summary>Manual input.</summary>
    Manual = 7,

    /// <summary>Simulator.</summary>
    Simulation = 8,
}

/// <summary>Conversions between mode indicator characters (RMC, GNS, VTG) and <see cref="GnssFixQuality"/>.</summary>
public static class GnssModes
{
    /// <summary>
    /// NMEA 2.3+ mode indicator to fix quality: N none, A autonomous, D differential, P precise, R RTK fixed,
    /// F RTK float, E estimated, M manual, S simulator. Unknown characters read as <see cref="GnssFixQuality.Invalid"/>.
    /// </summary>
    public static GnssFixQuality FromModeIndicator(byte mode) => mode switch
    {
        (byte)'A' => GnssFixQuality.Gps,
        (byte)'D' => GnssFixQuality.Dgps,
        (byte)'P' => GnssFixQuality.Pps,
        (byte)'R' => GnssFixQuality.RtkFixed,
        (byte)'F' => GnssFixQuality.RtkFloat,
        (byte)'E' => GnssFixQuality.DeadReckoning,
        (byte)'M' => GnssFixQuality.Manual,
        (byte)'S' => GnssFixQuality.Simulation,
        _ => GnssFixQuality.Invalid,
    };

    /// <summary>Fix quality to the mode indicator character (inverse of <see cref="FromModeIndicator"/>).</summary>
    public static byte ToModeIndicator(GnssFixQuality quality) => quality switch
    {
        GnssFixQuality.Gps => (byte)'A',
        GnssFixQuality.Dgps => (byte)'D',
        GnssFixQuality.Pps => (byte)'P',
        GnssFixQuality.RtkFixed => (byte)'R',
        GnssFixQuality.RtkFloat => (byte)'F',
        GnssFixQuality.DeadReckoning => (byte)'E',
        GnssFixQuality.Manual => (byte)'M',
        GnssFixQuality.Simulation => (byte)'S',
        _ => (byte)'N',
    };
}
