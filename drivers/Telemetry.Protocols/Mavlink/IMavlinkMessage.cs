using System.Text.Json;

namespace Telemetry.Protocols.Mavlink;

/// <summary>What every generated MAVLink message struct offers; lets readers and writers stay generic and allocation-free.</summary>
/// <typeparam name="TSelf">The message struct itself.</typeparam>
public interface IMavlinkMessage<TSelf>
    where TSelf : struct, IMavlinkMessage<TSelf>
{
    /// <summary>Message id (24-bit in MAVLink 2).</summary>
    static abstract uint MessageId { get; }

    /// <summary>CRC_EXTRA seed.</summary>
    static abstract byte CrcExtra { get; }

    /// <summary>Payload length without extensions.</summary>
    static abstract int MinPayloadLength { get; }

    /// <summary>Payload length with extensions.</summary>
    static abstract int MaxPayloadLength { get; }

    /// <summary>Message name as in the XML.</summary>
    static abstract string MessageName { get; }

    /// <summary>Decodes a (possibly truncated) payload.</summary>
    static abstract TSelf Read(ReadOnlySpan<byte> payload);

    /// <summary>Encodes the full-length payload.</summary>
    void Write(Span<byte> payload);

    /// <summary>Writes the fields as JSON properties by XML name.</summary>
    void WriteJsonFields(Utf8JsonWriter json);
}
