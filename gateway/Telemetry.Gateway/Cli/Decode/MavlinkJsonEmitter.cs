using System.Text.Json;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Mavlink.Messages;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// MAVLink frames to JSON (docs/protocols/decode-json.md, MAVLink section): header fields, then <c>fields</c> with
/// the XML names and raw specification values, generated per message from the dialect XML.
/// </summary>
internal sealed class MavlinkJsonEmitter : IDecodeEmitter
{
    public DecodeOutcome WriteProperties(ReadOnlySpan<byte> frame, Utf8JsonWriter json)
    {
        if (!MavlinkReader.TryCreate(frame, out var reader))
        {
            return DecodeOutcome.Failed;
        }

        var header = reader.Header;
        if (reader.IsKnown)
        {
            json.WriteString("type"u8, reader.Info.Name);
        }
        else
        {
            json.WriteNull("type"u8);
        }

        json.WriteNumber("msgid"u8, header.MessageId);
        json.WriteNumber("sysid"u8, header.SystemId);
        json.WriteNumber("compid"u8, header.ComponentId);
        json.WriteNumber("seq"u8, header.Sequence);
        json.WriteNumber("version"u8, header.Version);
        json.WriteBoolean("signed"u8, header.IsSigned);
        if (header.IsSigned)
        {
            json.WriteNumber("link"u8, reader.LinkId);
            json.WriteNumber("timestamp"u8, reader.SignatureTimestamp);
        }

        if (!reader.IsKnown)
        {
            json.WriteBoolean("unknown"u8, true);
            return DecodeOutcome.Unknown;
        }

        json.WriteStartObject("fields"u8);
        MavlinkDialect.TryWriteJsonFields(header.MessageId, reader.Payload, json);
        json.WriteEndObject();
        return DecodeOutcome.Decoded;
    }

    public void WriteRaw(ReadOnlySpan<byte> frame, Utf8JsonWriter json) => HexJson.Write(json, "raw"u8, frame);
}
