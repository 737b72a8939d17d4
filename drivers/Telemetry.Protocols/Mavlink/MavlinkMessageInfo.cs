namespace Telemetry.Protocols.Mavlink;

/// <summary>What the framer must know about a message id to verify a frame carrying it.</summary>
/// <param name="Id">Message id.</param>
/// <param name="Name">Name as in the dialect XML.</param>
/// <param name="CrcExtra">CRC_EXTRA seed.</param>
/// <param name="MinLength">Payload length without extensions.</param>
/// <param name="MaxLength">Payload length with extensions.</param>
public readonly record struct MavlinkMessageInfo(uint Id, string Name, byte CrcExtra, int MinLength, int MaxLength);
