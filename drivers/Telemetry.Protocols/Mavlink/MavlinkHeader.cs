namespace Telemetry.Protocols.Mavlink;

/// <summary>
/// The header fields of a MAVLink 1 or 2 frame. When writing, only <see cref="Sequence"/>, <see cref="SystemId"/>,
/// <see cref="ComponentId"/> and <see cref="CompatFlags"/> are taken; the writer derives the rest.
/// </summary>
public readonly record struct MavlinkHeader
{
    /// <summary>1 (start byte 0xFE) or 2 (0xFD).</summary>
    public byte Version { get; init; }

    /// <summary>Payload length on the wire (after MAVLink 2 truncation).</summary>
    public byte PayloadLength { get; init; }

    /// <summary>Incompatibility flags (MAVLink 2); 0x01 = signed.</summary>
    public byte IncompatFlags { get; init; }

    /// <summary>Compatibility flags (MAVLink 2); ignored when not understood.</summary>
    public byte CompatFlags { get; init; }

    /// <summary>Per-component sequence number, for loss detection.</summary>
    public byte Sequence { get; init; }

    /// <summary>Sending system (1–255).</summary>
    public byte SystemId { get; init; }

    /// <summary>Sending component (1 = autopilot, 100 = camera, ...).</summary>
    public byte ComponentId { get; init; }

    /// <summary>Message id (8-bit in MAVLink 1, 24-bit in MAVLink 2).</summary>
    public uint MessageId { get; init; }

    /// <summary>True when the frame carries a signature.</summary>
    public bool IsSigned => (IncompatFlags & MavlinkConstants.IncompatSigned) != 0;

    /// <summary>A header for sending: addressing and sequence only.</summary>
    public static MavlinkHeader ForSend(byte sequence, byte systemId, byte componentId)
        => new() { Sequence = sequence, SystemId = systemId, ComponentId = componentId };
}
