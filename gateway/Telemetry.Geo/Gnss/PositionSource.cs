namespace Telemetry.Geo.Gnss;

/// <summary>Which receiver a track comes from; the record names it so precedence between sources is explicit.</summary>
public enum PositionSource : byte
{
    /// <summary>The rig's own GNSS receiver (the deminer's or vehicle's antenna).</summary>
    RigGnss,

    /// <summary>A machine's GNSS (e.g. a MEMATT tiller's receiver, via its bus).</summary>
    MachineGnss,

    /// <summary>A survey drone's GNSS (MAVLink GLOBAL_POSITION_INT / GPS_RAW_INT).</summary>
    DroneGnss,
}
