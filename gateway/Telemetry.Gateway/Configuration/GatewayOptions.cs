using Telemetry.Gateway.Outbox;
using Telemetry.Geo.Geotagging;

namespace Telemetry.Gateway.Configuration;

/// <summary>What a device is to the rig (decides how its frames are used).</summary>
internal enum DeviceKind
{
    /// <summary>GNSS receiver: NMEA 0183 fixes feed the rig's track.</summary>
    Gnss,

    /// <summary>Detector adapter: $PXDM sentences; alarms and marks become detections.</summary>
    Detector,

    /// <summary>A device carrying both (a detector adapter with a GNSS receiver on the same line).</summary>
    DetectorWithGnss,

    /// <summary>A machine's CAN bus (J1939 over SLCAN): machine telemetry; detonations become detections.</summary>
    Machine,

    /// <summary>A drone's MAVLink 2 link: drone telemetry; its own GNSS positions its survey detections.</summary>
    Drone,
}

internal static class DeviceKinds
{
    /// <summary>True for devices whose NMEA GNSS sentences form a track other devices can be positioned by.</summary>
    public static bool HasOwnNmeaGnss(this DeviceKind kind) => kind is DeviceKind.Gnss or DeviceKind.DetectorWithGnss;

    /// <summary>The one protocol a device kind speaks.</summary>
    public static DeviceProtocol ExpectedProtocol(this DeviceKind kind) => kind switch
    {
        DeviceKind.Machine => DeviceProtocol.Slcan,
        DeviceKind.Drone => DeviceProtocol.Mavlink2,
        _ => DeviceProtocol.Nmea0183,
    };
}

/// <summary>How the gateway reaches a device's bytes.</summary>
internal enum DriverKind
{
    Serial,
    Tcp,
    Udp,
}

/// <summary>The framing/decoding of a device stream.</summary>
internal enum DeviceProtocol
{
    /// <summary>NMEA 0183 framing: standard sentences (GGA, RMC, GST, HDT, VTG) and our $PXDM detector sentences.</summary>
    Nmea0183,

    /// <summary>SLCAN (Lawicel ASCII) lines from a USB–CAN adapter carrying SAE J1939 (docs/protocols/mematt.md).</summary>
    Slcan,

    /// <summary>MAVLink 2 (v1 frames accepted), optionally signed.</summary>
    Mavlink2,
}

/// <summary>Removal of a detection from the outbox happens after this acknowledgement.</summary>
internal enum AckMode
{
    /// <summary>The broker's PUBACK (QoS 1) / PUBCOMP (QoS 2).</summary>
    Puback,

    /// <summary>The operations centre's store acknowledgement on the ack topic (docs/topics.md).</summary>
    StoreAck,
}

internal sealed record DeviceOptions
{
    public required string Name { get; init; }

    public required DeviceKind Kind { get; init; }

    public required DriverKind Driver { get; init; }

    /// <summary>Serial path (prefer /dev/serial/by-id/...), or host:port for TCP, or :port for UDP.</summary>
    public required string Endpoint { get; init; }

    public DeviceProtocol Protocol { get; init; } = DeviceProtocol.Nmea0183;

    public int Baud { get; init; } = 115200;

    /// <summary>Antenna → sensor offset for detections from this device.</summary>
    public LeverArm LeverArm { get; init; }

    /// <summary>No data for this long → status "stalled", the port is closed and reopened.</summary>
    public TimeSpan NoDataTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Radius round the lever-arm point where the event may really be, metres: half the tiller drum's width for a
    /// machine, the survey sensor's footprint for a drone (docs/geotagging.md). Widens the stated accuracy.
    /// </summary>
    public double FootprintRadiusM { get; init; }

    /// <summary>MAVLink signing: the 32-byte key (hex) and policy; null key = signatures are not verified.</summary>
    public byte[]? MavlinkSigningKey { get; init; }

    public bool MavlinkRequireSigned { get; init; }

    /// <summary>For a detector or machine: the GNSS device whose track positions its detections (default: the only GNSS device).</summary>
    public string? PositionFrom { get; init; }

    /// <summary>GPIO chip and lines (alarm, mark) when the detector signals on lines; null when unused.</summary>
    public string? GpioChip { get; init; }

    public int? GpioAlarmLine { get; init; }

    public int? GpioMarkLine { get; init; }
}

internal sealed record BrokerOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 1883;

    public bool Tls { get; init; }

    public string? CaFile { get; init; }

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public required string ClientId { get; init; }

    /// <summary>"3.1.1" or "5".</summary>
    public string MqttVersion { get; init; } = "5";

    /// <summary>1 (default) or 2 for detections.</summary>
    public int DetectionQos { get; init; } = 1;

    public AckMode AckMode { get; init; } = AckMode.Puback;

    /// <summary>Detections in flight at once (ordered; acknowledged cumulatively).</summary>
    public int Window { get; init; } = 32;

    /// <summary>Backlog drain rate bound (records/s) so catch-up never starves live traffic.</summary>
    public int BacklogRatePerSecond { get; init; } = 200;

    /// <summary>
    /// StoreAck mode: records the broker acknowledged but the operations centre has not confirmed storing within this
    /// long are published again (from the first unconfirmed one, in order, flagged as redelivery).
    /// </summary>
    public TimeSpan StoreAckTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>StoreAck mode: the wait before a further re-send doubles after each one, up to this bound.</summary>
    public TimeSpan StoreAckMaxBackoff { get; init; } = TimeSpan.FromMinutes(10);
}

internal sealed record TelemetryRates
{
    /// <summary>Positions published per second per device (decimated; latest wins).</summary>
    public double PositionHz { get; init; } = 1;

    /// <summary>Device status (battery, faults) per second.</summary>
    public double StatusHz { get; init; } = 0.2;

    /// <summary>Machine state (engine, tiller) messages per second per machine (decimated; latest wins).</summary>
    public double MachineHz { get; init; } = 1;

    /// <summary>Drone state (position, attitude, battery) messages per second per drone (decimated; latest wins).</summary>
    public double DroneHz { get; init; } = 2;
}

internal sealed record GatewayOptions
{
    public required string Site { get; init; }

    public required string Rig { get; init; }

    public required IReadOnlyList<DeviceOptions> Devices { get; init; }

    public required BrokerOptions Broker { get; init; }

    public required OutboxOptions Outbox { get; init; }

    public TelemetryRates Telemetry { get; init; } = new();

    public GeotagOptions Geotag { get; init; } = new();

    /// <summary>Local health/metrics endpoint (Prometheus text), e.g. http://127.0.0.1:9464/; null disables it.</summary>
    public string? HttpPrefix { get; init; }

    /// <summary>Hash of the effective configuration, carried by every detection record.</summary>
    public string ConfigHash { get; init; } = "";

    /// <summary>The topic prefix: demining/v1/{site}/{rig}.</summary>
    public string TopicRoot => $"demining/v1/{Site}/{Rig}";
}
