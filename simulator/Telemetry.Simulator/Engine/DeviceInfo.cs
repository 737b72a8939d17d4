using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Engine;

/// <summary>What a simulated device speaks.</summary>
public enum DeviceProtocol
{
    /// <summary>NMEA 0183 GNSS sentences.</summary>
    Nmea,

    /// <summary>Our detector-adapter sentences (NMEA framing, docs/protocols/detector.md).</summary>
    Detector,

    /// <summary>Lawicel SLCAN carrying J1939 (docs/protocols/mematt.md).</summary>
    Slcan,

    /// <summary>MAVLink 2 (docs/protocols/drone.md).</summary>
    Mavlink,
}

/// <summary>A simulated device as a gateway configures it.</summary>
/// <param name="Name">Device name (faults and outputs use it).</param>
/// <param name="Sensor">Sensor family its detections belong to.</param>
/// <param name="Protocol">What it speaks.</param>
/// <param name="Baud">Serial rate the host should open it at.</param>
public sealed record DeviceInfo(string Name, SensorKind Sensor, DeviceProtocol Protocol, int Baud);
