using System.Text.Json;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>What an emitter did with one frame.</summary>
internal enum DecodeOutcome : byte
{
    /// <summary>Decoded; one JSON object was written.</summary>
    Decoded,

    /// <summary>A valid frame of a type the emitter does not decode; a JSON object saying so was written.</summary>
    Unknown,

    /// <summary>A valid frame that belongs to another protocol of the same framing (e.g. GNSS under --protocol detector); nothing written.</summary>
    Skipped,

    /// <summary>Well framed but a field could not be decoded; nothing written, counted as BadField.</summary>
    Failed,
}

/// <summary>
/// Turns one framed, checksum-verified frame into the properties of one JSON object. One implementation per
/// protocol, each in its own file; <see cref="DecodeProtocols"/> pairs each with its framer.
/// Implementations keep whatever state they need (e.g. the last date seen) and never allocate per frame.
/// </summary>
internal interface IDecodeEmitter
{
    /// <summary>Writes the object's properties (the runner writes the braces and <c>raw</c>).</summary>
    DecodeOutcome WriteProperties(ReadOnlySpan<byte> frame, Utf8JsonWriter json);

    /// <summary>Writes the <c>raw</c> property for <c>--raw</c>: text protocols their line, binary ones hex.</summary>
    void WriteRaw(ReadOnlySpan<byte> frame, Utf8JsonWriter json);
}
