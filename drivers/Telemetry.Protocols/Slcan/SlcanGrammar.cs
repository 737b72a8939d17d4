using Telemetry.Protocols.Can;
using Telemetry.Protocols.Framing;
using static Telemetry.Protocols.Slcan.SlcanLiterals;

namespace Telemetry.Protocols.Slcan;

/// <summary>Parses one complete SLCAN line (terminator included). Shared by the framer (validation) and the reader.</summary>
internal static class SlcanGrammar
{
    /// <summary>Largest timestamp: Lawicel timestamps count ms and wrap at 0xEA5F (59,999).</summary>
    public const ushort MaxTimestamp = 0xEA5F;

    public static bool TryParse(ReadOnlySpan<byte> line, out SlcanMessage message, out FrameError error)
    {
        message = default;
        error = FrameError.None;
        if (line.Length == 1 && line[0] == Cr)
        {
            message = new SlcanMessage { Kind = SlcanKind.Ack };
            return true;
        }

        if (line.Length == 1 && line[0] == Bell)
        {
            message = new SlcanMessage { Kind = SlcanKind.Error };
            return true;
        }

        if (line.IsEmpty || line[^1] != Cr)
        {
            error = FrameError.BadTerminator;
            return false;
        }

        var body = line[..^1];
        switch (body[0])
        {
            // t iii l dd{l} [tttt]  |  T iiiiiiii l dd{l} [tttt]  |  r iii l [tttt]  |  R iiiiiiii l [tttt]
            case Standard or Extended or StandardRemote or ExtendedRemote:
                return TryParseFrame(body, out message, out error);

            // z / Z: transmit acknowledgement
            case StandardSent or ExtendedSent when body.Length == 1:
                message = new SlcanMessage { Kind = SlcanKind.TransmitAck, Value = body[0] == ExtendedSent ? (ushort)1 : (ushort)0 };
                return true;

            // Fxx: status flags
            case Status when body.Length == 3 && TryParseHex(body[1..], out var flags):
                message = new SlcanMessage { Kind = SlcanKind.Status, Value = (ushort)flags };
                return true;

            // Vhhss: version
            case VersionReply when body.Length == 5 && TryParseHex(body[1..], out var version):
                message = new SlcanMessage { Kind = SlcanKind.Version, Value = (ushort)version };
                return true;

            // Nxxxx: serial number, alphanumeric
            case SerialReply when body.Length == 5 && IsAlphanumeric(body[1..]):
                message = new SlcanMessage
                {
                    Kind = SlcanKind.Serial,
                    Serial = body[1] | ((uint)body[2] << 8) | ((uint)body[3] << 16) | ((uint)body[4] << 24),
                };
                return true;

            default:
                error = FrameError.BadHeader;
                return false;
        }
    }

    private static bool TryParseFrame(ReadOnlySpan<byte> body, out SlcanMessage message, out FrameError error)
    {
        message = default;
        var kind = body[0];
        var extended = kind is Extended or ExtendedRemote;
        var remote = kind is StandardRemote or ExtendedRemote;
        var idLength = extended ? 8 : 3;
        if (body.Length < 1 + idLength + 1)
        {
            error = FrameError.BadHeader;
            return false;
        }

        if (!TryParseHex(body.Slice(1, idLength), out var id) || !TryParseHex(body.Slice(1 + idLength, 1), out var dlc))
        {
            error = FrameError.BadCharacter;
            return false;
        }

        if (id > (extended ? CanFrame.MaxExtendedId : CanFrame.MaxStandardId) || dlc > CanFrame.MaxLength)
        {
            error = FrameError.BadHeader;
            return false;
        }

        var dataStart = 2 + idLength;
        var dataChars = remote ? 0 : (int)dlc * 2;
        var rest = body.Length - dataStart - dataChars;
        if (rest is not (0 or 4))
        {
            error = FrameError.BadHeader;
            return false;
        }

        Span<byte> data = stackalloc byte[CanFrame.MaxLength];
        for (var i = 0; i < dataChars / 2; i++)
        {
            var hi = HexValue(body[dataStart + (2 * i)]);
            var lo = HexValue(body[dataStart + (2 * i) + 1]);
            if (hi < 0 || lo < 0)
            {
                error = FrameError.BadCharacter;
                return false;
            }

            data[i] = (byte)((hi << 4) | lo);
        }

        uint timestamp = 0;
        if (rest == 4)
        {
            if (!TryParseHex(body[^4..], out timestamp))
            {
                error = FrameError.BadCharacter;
                return false;
            }

            if (timestamp > MaxTimestamp)
            {
                error = FrameError.BadField;
                return false;
            }
        }

        error = FrameError.None;
        message = new SlcanMessage
        {
            Kind = remote ? SlcanKind.Remote : SlcanKind.Data,
            Frame = remote ? CanFrame.CreateRemote(id, extended, (int)dlc) : CanFrame.Create(id, extended, data[..(int)dlc]),
            HasTimestamp = rest == 4,
            TimestampMs = (ushort)timestamp,
        };
        return true;
    }

    private static bool IsAlphanumeric(ReadOnlySpan<byte> chars)
    {
        foreach (var c in chars)
        {
            if (!char.IsAsciiLetterOrDigit((char)c))
            {
                return false;
            }
        }

        return true;
    }
}
