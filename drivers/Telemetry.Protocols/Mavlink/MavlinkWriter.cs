using System.Buffers;
using System.Buffers.Binary;

namespace Telemetry.Protocols.Mavlink;

/// <summary>Encodes MAVLink frames into an <see cref="IBufferWriter{T}"/>; used by the simulator and the tests.</summary>
public static class MavlinkWriter
{
    /// <summary>
    /// Writes a MAVLink 2 frame: payload with trailing zeros truncated (the first byte is always kept, as the
    /// specification requires), CRC with CRC_EXTRA, and a signature when <paramref name="signer"/> is given.
    /// </summary>
    /// <returns>Bytes written.</returns>
    public static int Write<T>(IBufferWriter<byte> output, in MavlinkHeader header, in T message, MavlinkSigner? signer = null)
        where T : struct, IMavlinkMessage<T>
    {
        Span<byte> payload = stackalloc byte[MavlinkConstants.MaxPayloadLength];
        payload[..T.MaxPayloadLength].Clear();
        message.Write(payload);
        var length = T.MaxPayloadLength;
        while (length > 1 && payload[length - 1] == 0)
        {
            length--;
        }

        return WriteRaw(output, header, T.MessageId, T.CrcExtra, payload[..length], signer);
    }

    /// <summary>Writes a MAVLink 2 frame around an already encoded payload (no truncation applied).</summary>
    /// <returns>Bytes written.</returns>
    public static int WriteRaw(
        IBufferWriter<byte> output,
        in MavlinkHeader header,
        uint messageId,
        byte crcExtra,
        ReadOnlySpan<byte> payload,
        MavlinkSigner? signer = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (payload.Length > MavlinkConstants.MaxPayloadLength)
        {
            throw new ArgumentException($"MAVLink payloads are at most {MavlinkConstants.MaxPayloadLength} bytes.", nameof(payload));
        }

        if (messageId > 0xFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(messageId), "MAVLink 2 message ids are 24-bit.");
        }

        var crcEnd = MavlinkConstants.HeaderLengthV2 + payload.Length;
        var total = crcEnd + MavlinkConstants.ChecksumLength + (signer is null ? 0 : MavlinkConstants.SignatureBlockLength);
        var frame = output.GetSpan(total)[..total];
        frame[0] = MavlinkConstants.MagicV2;
        frame[1] = (byte)payload.Length;
        frame[2] = signer is null ? (byte)0 : MavlinkConstants.IncompatSigned;
        frame[3] = header.CompatFlags;
        frame[4] = header.Sequence;
        frame[5] = header.SystemId;
        frame[6] = header.ComponentId;
        frame[7] = (byte)messageId;
        frame[8] = (byte)(messageId >> 8);
        frame[9] = (byte)(messageId >> 16);
        payload.CopyTo(frame[MavlinkConstants.HeaderLengthV2..]);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[crcEnd..], MavlinkCrc.Frame(frame[1..crcEnd], crcExtra));
        signer?.Sign(frame);
        output.Advance(total);
        return total;
    }

    /// <summary>Writes a MAVLink 1 frame: base fields only (extensions do not exist in v1), never truncated or signed.</summary>
    /// <returns>Bytes written.</returns>
    public static int WriteV1<T>(IBufferWriter<byte> output, in MavlinkHeader header, in T message)
        where T : struct, IMavlinkMessage<T>
    {
        ArgumentNullException.ThrowIfNull(output);
        if (T.MessageId > byte.MaxValue)
        {
            throw new ArgumentException($"{T.MessageName} (#{T.MessageId}) needs MAVLink 2: MAVLink 1 ids are 8-bit.", nameof(message));
        }

        Span<byte> payload = stackalloc byte[MavlinkConstants.MaxPayloadLength];
        message.Write(payload);
        var length = T.MinPayloadLength;
        var crcEnd = MavlinkConstants.HeaderLengthV1 + length;
        var total = crcEnd + MavlinkConstants.ChecksumLength;
        var frame = output.GetSpan(total)[..total];
        frame[0] = MavlinkConstants.MagicV1;
        frame[1] = (byte)length;
        frame[2] = header.Sequence;
        frame[3] = header.SystemId;
        frame[4] = header.ComponentId;
        frame[5] = (byte)T.MessageId;
        payload[..length].CopyTo(frame[MavlinkConstants.HeaderLengthV1..]);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[crcEnd..], MavlinkCrc.Frame(frame[1..crcEnd], T.CrcExtra));
        output.Advance(total);
        return total;
    }
}
