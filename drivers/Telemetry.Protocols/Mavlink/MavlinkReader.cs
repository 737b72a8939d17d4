using Telemetry.Protocols.Mavlink.Messages;

namespace Telemetry.Protocols.Mavlink;

/// <summary>
/// Reads one complete frame as cut by <see cref="MavlinkFramer"/>: header, payload, signature block, and the
/// message decoded into its generated struct. Does no CRC or signature work; the framer did.
/// </summary>
public readonly ref struct MavlinkReader
{
    private readonly ReadOnlySpan<byte> _frame;

    private MavlinkReader(ReadOnlySpan<byte> frame, MavlinkHeader header, int payloadOffset)
    {
        _frame = frame;
        Header = header;
        Payload = frame.Slice(payloadOffset, header.PayloadLength);
        IsKnown = MavlinkDialect.TryGetInfo(header.MessageId, out var info);
        Info = info;
    }

    /// <summary>Header fields.</summary>
    public MavlinkHeader Header { get; }

    /// <summary>Payload bytes as on the wire (MAVLink 2 may have truncated trailing zeros).</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>True when the message id is in the dialect.</summary>
    public bool IsKnown { get; }

    /// <summary>Dialect information; default when <see cref="IsKnown"/> is false.</summary>
    public MavlinkMessageInfo Info { get; }

    /// <summary>Signing link id (0 when unsigned).</summary>
    public byte LinkId => Header.IsSigned ? _frame[^MavlinkConstants.SignatureBlockLength] : (byte)0;

    /// <summary>Signing timestamp, 10 µs units since 2015-01-01 UTC (0 when unsigned).</summary>
    public ulong SignatureTimestamp => Header.IsSigned
        ? MavlinkSignature.ReadTimestamp(_frame.Slice(_frame.Length - MavlinkConstants.SignatureBlockLength + 1, 6))
        : 0;

    /// <summary>
    /// Wraps a frame. False when the bytes are not even shaped like a MAVLink frame (wrong start byte,
    /// length disagreeing with the span); framed input always succeeds.
    /// </summary>
    public static bool TryCreate(ReadOnlySpan<byte> frame, out MavlinkReader reader)
    {
        reader = default;
        if (frame.Length >= MavlinkConstants.HeaderLengthV2 + MavlinkConstants.ChecksumLength && frame[0] == MavlinkConstants.MagicV2)
        {
            var header = new MavlinkHeader
            {
                Version = 2,
                PayloadLength = frame[1],
                IncompatFlags = frame[2],
                CompatFlags = frame[3],
                Sequence = frame[4],
                SystemId = frame[5],
                ComponentId = frame[6],
                MessageId = frame[7] | ((uint)frame[8] << 8) | ((uint)frame[9] << 16),
            };
            var expected = MavlinkConstants.HeaderLengthV2 + header.PayloadLength + MavlinkConstants.ChecksumLength
                + (header.IsSigned ? MavlinkConstants.SignatureBlockLength : 0);
            if (expected != frame.Length)
            {
                return false;
            }

            reader = new MavlinkReader(frame, header, MavlinkConstants.HeaderLengthV2);
            return true;
        }

        if (frame.Length >= MavlinkConstants.HeaderLengthV1 + MavlinkConstants.ChecksumLength && frame[0] == MavlinkConstants.MagicV1)
        {
            var header = new MavlinkHeader
            {
                Version = 1,
                PayloadLength = frame[1],
                Sequence = frame[2],
                SystemId = frame[3],
                ComponentId = frame[4],
                MessageId = frame[5],
            };
            if (MavlinkConstants.HeaderLengthV1 + header.PayloadLength + MavlinkConstants.ChecksumLength != frame.Length)
            {
                return false;
            }

            reader = new MavlinkReader(frame, header, MavlinkConstants.HeaderLengthV1);
            return true;
        }

        return false;
    }

    /// <summary>Decodes the payload as <typeparamref name="T"/> when the frame carries that message.</summary>
    public bool TryRead<T>(out T message)
        where T : struct, IMavlinkMessage<T>
    {
        if (Header.MessageId != T.MessageId)
        {
            message = default;
            return false;
        }

        message = T.Read(Payload);
        return true;
    }
}
