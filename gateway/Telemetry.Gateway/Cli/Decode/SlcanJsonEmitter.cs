using System.Text.Json;
using Telemetry.Protocols.Can;
using Telemetry.Protocols.J1939;
using Telemetry.Protocols.Slcan;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// SLCAN lines to JSON (docs/protocols/decode-json.md, SLCAN/J1939 section): the CAN frame, then for 29-bit
/// frames the J1939 identifier fields and the decoded parameters with units. Transport-protocol packets are
/// reassembled; the frame that completes a message also carries it under <c>transport</c>.
/// </summary>
internal sealed class SlcanJsonEmitter : IDecodeEmitter
{
    private readonly J1939TransportReassembler _transport = new();
    private long _clockMs;
    private ushort _lastStamp;
    private bool _stamped;

    public DecodeOutcome WriteProperties(ReadOnlySpan<byte> frame, Utf8JsonWriter json)
    {
        if (!SlcanReader.TryRead(frame, out var message))
        {
            return DecodeOutcome.Failed;
        }

        switch (message.Kind)
        {
            case SlcanKind.Data or SlcanKind.Remote:
                return WriteFrame(message, json);
            case SlcanKind.Ack:
                json.WriteString("type"u8, "ACK"u8);
                break;
            case SlcanKind.Error:
                json.WriteString("type"u8, "ERROR"u8);
                break;
            case SlcanKind.TransmitAck:
                json.WriteString("type"u8, "TX_ACK"u8);
                json.WriteBoolean("extended"u8, message.Value != 0);
                break;
            case SlcanKind.Status:
                json.WriteString("type"u8, "STATUS"u8);
                json.WriteNumber("flags"u8, message.Value);
                break;
            case SlcanKind.Version:
                json.WriteString("type"u8, "VERSION"u8);
                HexJson.Write(json, "version"u8, message.Value, 4);
                break;
            default:
                json.WriteString("type"u8, "SERIAL"u8);
                Span<byte> serial = [(byte)message.Serial, (byte)(message.Serial >> 8), (byte)(message.Serial >> 16), (byte)(message.Serial >> 24)];
                json.WriteString("serial"u8, serial);
                break;
        }

        return DecodeOutcome.Decoded;
    }

    public void WriteRaw(ReadOnlySpan<byte> frame, Utf8JsonWriter json)
    {
        // The line without its CR; BEL (error) shown as its escape by the JSON writer.
        json.WriteString("raw"u8, frame.TrimEnd("\r"u8));
    }

    private DecodeOutcome WriteFrame(in SlcanMessage message, Utf8JsonWriter json)
    {
        var can = message.Frame;
        var known = false;
        J1939Id id = default;
        J1939ParameterGroup? group = null;
        if (can.IsExtended && !can.IsRemote)
        {
            id = J1939Id.FromCanId(can.Id);
            known = J1939Catalog.TryGet(id.Pgn, out group) || id.Pgn is J1939Catalog.TransportConnectionPgn or J1939Catalog.TransportDataPgn;
        }

        json.WriteString("type"u8, group?.Acronym ?? (id.Pgn == J1939Catalog.TransportConnectionPgn && can.IsExtended ? "TP.CM" : id.Pgn == J1939Catalog.TransportDataPgn && can.IsExtended ? "TP.DT" : "CAN"));
        HexJson.Write(json, "id"u8, can.Id, can.IsExtended ? 8 : 3);
        json.WriteBoolean("extended"u8, can.IsExtended);
        json.WriteBoolean("remote"u8, can.IsRemote);
        json.WriteNumber("dlc"u8, can.Length);
        HexJson.Write(json, "data"u8, can.Data);
        if (message.HasTimestamp)
        {
            json.WriteNumber("timestamp"u8, message.TimestampMs);
        }

        if (can.IsExtended)
        {
            id = J1939Id.FromCanId(can.Id);
            json.WriteNumber("priority"u8, id.Priority);
            json.WriteNumber("pgn"u8, id.Pgn);
            json.WriteNumber("sa"u8, id.SourceAddress);
            json.WriteNumber("da"u8, id.DestinationAddress);
        }

        if (group is not null)
        {
            WriteParameters(group, can.Data, json);
        }
        else if (known)
        {
            WriteTransport(id, can.Data, Clock(message), json);
        }

        if (!known)
        {
            json.WriteBoolean("unknown"u8, true);
            return DecodeOutcome.Unknown;
        }

        return DecodeOutcome.Decoded;
    }

    private static void WriteParameters(J1939ParameterGroup group, ReadOnlySpan<byte> data, Utf8JsonWriter json)
    {
        json.WriteStartObject("params"u8);
        for (var index = 0; index < group.Parameters.Count; index++)
        {
            var parameter = group[index];
            json.WriteStartObject(parameter.Name);
            if (parameter.TryRead(data, out var value))
            {
                json.WriteNumber("value"u8, value);
            }
            else
            {
                json.WriteNull("value"u8);
            }

            json.WriteString("unit"u8, parameter.Unit);
            if (parameter.Spn != 0)
            {
                json.WriteNumber("spn"u8, parameter.Spn);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private void WriteTransport(in J1939Id id, ReadOnlySpan<byte> data, long nowMs, Utf8JsonWriter json)
    {
        var outcome = _transport.Accept(id, data, nowMs, out var message, out var error);
        if (outcome == J1939TransportOutcome.Rejected)
        {
            json.WriteString("transport_error"u8, error.ToString());
        }
        else if (outcome == J1939TransportOutcome.Completed)
        {
            json.WriteStartObject("transport"u8);
            json.WriteNumber("pgn"u8, message.Id.Pgn);
            json.WriteNumber("sa"u8, message.Id.SourceAddress);
            json.WriteNumber("da"u8, message.Id.DestinationAddress);
            json.WriteNumber("size"u8, message.Data.Length);
            HexJson.Write(json, "data"u8, message.Data);
            json.WriteEndObject();
        }
    }

    // Transport timeouts need time. With adapter timestamps (Z1) the 60 s wrap is unrolled into a running clock;
    // without them the clock stands still and sessions are never timed out, only replaced, aborted or completed.
    private long Clock(in SlcanMessage message)
    {
        if (message.HasTimestamp)
        {
            if (_stamped)
            {
                var delta = message.TimestampMs - _lastStamp;
                _clockMs += delta >= 0 ? delta : delta + 60_000;
            }

            _lastStamp = message.TimestampMs;
            _stamped = true;
        }

        return _clockMs;
    }
}
