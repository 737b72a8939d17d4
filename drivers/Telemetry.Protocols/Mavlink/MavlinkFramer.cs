using System.Buffers;
using System.Buffers.Binary;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Mavlink.Messages;

namespace Telemetry.Protocols.Mavlink;

/// <summary>
/// Cuts MAVLink 1 and 2 frames out of a byte stream, verifies CRC (with CRC_EXTRA) and, by policy, signatures.
/// </summary>
/// <remarks>
/// <para>Resynchronisation: a frame that fails its CRC (or has an impossible header) costs only its start byte;
/// scanning restarts at the next 0xFD/0xFE, so a good frame right behind a corrupted one is never lost.
/// A frame with a good CRC but a bad, missing or replayed signature is dropped whole: its framing is proven.</para>
/// <para>Unknown message ids: without CRC_EXTRA the CRC cannot be checked, so such a frame is only believed when
/// the byte right after it is a start byte (or, for a signed frame, when its signature verifies). It is then
/// delivered as <see cref="FrameStatus.Complete"/> and counted in <see cref="MavlinkStats.UnknownMessages"/>;
/// readers see <see cref="MavlinkReader.IsKnown"/> false and decoders skip it. The look-ahead means an unknown
/// frame at the very end of a stream waits for one more byte and is counted as truncated if none comes; in
/// exchange, random noise that happens to contain a start byte cannot swallow the good frames after it.</para>
/// </remarks>
public sealed class MavlinkFramer : IFramer
{
    private readonly MavlinkSigningOptions _signing;
    private readonly byte[] _key;
    private readonly Dictionary<uint, ulong> _lastTimestamps;

    /// <summary>Creates a framer with the given signing options (<see cref="MavlinkSigningOptions.None"/> when null).</summary>
    public MavlinkFramer(MavlinkSigningOptions? signing = null)
    {
        _signing = signing ?? MavlinkSigningOptions.None;
        _signing.Validate();
        _key = _signing.Key.ToArray();
        _lastTimestamps = new Dictionary<uint, ulong>(Math.Min(_signing.MaxStreams, 64));
    }

    /// <inheritdoc />
    public int MaxFrameLength => MavlinkConstants.MaxFrameLength;

    /// <summary>Counts of accepted-but-notable frames.</summary>
    public MavlinkStats Stats { get; } = new();

    /// <inheritdoc />
    public FrameStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame, out FrameError error)
    {
        frame = default;
        error = FrameError.None;
        if (buffer.IsEmpty)
        {
            return FrameStatus.NeedMoreData;
        }

        // One frame plus one byte of look-ahead is all a decision ever needs.
        var available = (int)Math.Min(buffer.Length, MavlinkConstants.MaxFrameLength + 1);
        var first = buffer.FirstSpan;
        Span<byte> scratch = stackalloc byte[MavlinkConstants.MaxFrameLength + 1];
        scoped ReadOnlySpan<byte> span;
        if (first.Length >= available)
        {
            span = first[..available];
        }
        else
        {
            buffer.Slice(0, available).CopyTo(scratch);
            span = scratch[..available];
        }

        var status = Parse(span, buffer.Length > available, out var consumed, out error);
        switch (status)
        {
            case FrameStatus.Complete:
                frame = buffer.Slice(0, consumed);
                buffer = buffer.Slice(consumed);
                break;
            case FrameStatus.Invalid:
                buffer = buffer.Slice(consumed);
                break;
            default:
                // Only noise with no start byte is dropped here; a started frame stays whole.
                buffer = buffer.Slice(consumed);
                break;
        }

        return status;
    }

    private FrameStatus Parse(ReadOnlySpan<byte> span, bool moreBeyond, out int consumed, out FrameError error)
    {
        error = FrameError.None;
        consumed = 0;
        var start = span.IndexOfAny(MavlinkConstants.MagicV2, MavlinkConstants.MagicV1);
        if (start < 0)
        {
            // No start byte anywhere: drop it all. When more bytes lie beyond the window, report it as a rejection
            // so the scanner keeps going; otherwise wait for data.
            consumed = span.Length;
            error = FrameError.Noise;
            return moreBeyond ? FrameStatus.Invalid : FrameStatus.NeedMoreData;
        }

        if (start > 0)
        {
            consumed = start;
            error = FrameError.Noise;
            return FrameStatus.Invalid;
        }

        return span[0] == MavlinkConstants.MagicV2 ? ParseV2(span, out consumed, out error) : ParseV1(span, out consumed, out error);
    }

    // MAVLink 2: FD len incompat compat seq sysid compid msgid[3] payload[len] crc[2] (link ts[6] sig[6])?
    private FrameStatus ParseV2(ReadOnlySpan<byte> span, out int consumed, out FrameError error)
    {
        consumed = 0;
        error = FrameError.None;
        if (span.Length < MavlinkConstants.HeaderLengthV2)
        {
            return FrameStatus.NeedMoreData;
        }

        var length = span[1];
        var incompat = span[2];
        if ((incompat & ~MavlinkConstants.IncompatKnown) != 0)
        {
            // An unknown incompatibility flag may change the layout, so nothing after it can be trusted.
            return Reject(FrameError.Unsupported, out consumed, out error);
        }

        var signed = (incompat & MavlinkConstants.IncompatSigned) != 0;
        var crcEnd = MavlinkConstants.HeaderLengthV2 + length + MavlinkConstants.ChecksumLength;
        var total = crcEnd + (signed ? MavlinkConstants.SignatureBlockLength : 0);
        if (span.Length < total)
        {
            return FrameStatus.NeedMoreData;
        }

        var messageId = span[7] | ((uint)span[8] << 8) | ((uint)span[9] << 16);
        var known = MavlinkDialect.TryGetInfo(messageId, out var info);
        if (known && !CrcMatches(span, MavlinkConstants.HeaderLengthV2 + length, info.CrcExtra))
        {
            return Reject(FrameError.Checksum, out consumed, out error);
        }

        var frame = span[..total];
        var verified = false;
        if (signed && _key.Length != 0)
        {
            var signatureError = CheckSignature(frame);
            if (signatureError == FrameError.BadSignature && !known)
            {
                // Unknown id and a signature that does not match: nothing proves this is a frame at all.
                return Reject(FrameError.Noise, out consumed, out error);
            }

            if (signatureError != FrameError.None)
            {
                consumed = total;
                error = signatureError;
                return FrameStatus.Invalid;
            }

            verified = true;
        }

        if (!known && !verified)
        {
            var lookAhead = LookAhead(span, total);
            if (lookAhead != FrameStatus.Complete)
            {
                return lookAhead == FrameStatus.Invalid ? Reject(FrameError.Noise, out consumed, out error) : FrameStatus.NeedMoreData;
            }
        }

        return Accept(signed, verified, known, total, out consumed, out error);
    }

    // MAVLink 1: FE len seq sysid compid msgid payload[len] crc[2]; never signed.
    private FrameStatus ParseV1(ReadOnlySpan<byte> span, out int consumed, out FrameError error)
    {
        consumed = 0;
        error = FrameError.None;
        if (span.Length < MavlinkConstants.HeaderLengthV1)
        {
            return FrameStatus.NeedMoreData;
        }

        var length = span[1];
        var total = MavlinkConstants.HeaderLengthV1 + length + MavlinkConstants.ChecksumLength;
        if (span.Length < total)
        {
            return FrameStatus.NeedMoreData;
        }

        var known = MavlinkDialect.TryGetInfo(span[5], out var info);
        if (known && !CrcMatches(span, MavlinkConstants.HeaderLengthV1 + length, info.CrcExtra))
        {
            return Reject(FrameError.Checksum, out consumed, out error);
        }

        if (!known)
        {
            var lookAhead = LookAhead(span, total);
            if (lookAhead != FrameStatus.Complete)
            {
                return lookAhead == FrameStatus.Invalid ? Reject(FrameError.Noise, out consumed, out error) : FrameStatus.NeedMoreData;
            }
        }

        return Accept(signed: false, verified: false, known, total, out consumed, out error);
    }

    private FrameStatus Accept(bool signed, bool verified, bool known, int total, out int consumed, out FrameError error)
    {
        consumed = total;
        error = FrameError.None;
        if (!signed)
        {
            if (_signing.Policy == MavlinkSignaturePolicy.RequireSigned)
            {
                error = FrameError.Unsigned;
                return FrameStatus.Invalid;
            }

            Stats.AddUnsignedAccepted();
        }
        else if (verified)
        {
            Stats.AddSignedVerified();
        }
        else
        {
            Stats.AddSignedUnverified();
        }

        if (!known)
        {
            Stats.AddUnknown();
        }

        return FrameStatus.Complete;
    }

    private static FrameStatus Reject(FrameError reason, out int consumed, out FrameError error)
    {
        // Skip only the start byte: the real next frame may begin inside what looked like this one.
        consumed = 1;
        error = reason;
        return FrameStatus.Invalid;
    }

    private static FrameStatus LookAhead(ReadOnlySpan<byte> span, int total)
    {
        if (span.Length <= total)
        {
            return FrameStatus.NeedMoreData;
        }

        var next = span[total];
        return next is MavlinkConstants.MagicV2 or MavlinkConstants.MagicV1 ? FrameStatus.Complete : FrameStatus.Invalid;
    }

    private static bool CrcMatches(ReadOnlySpan<byte> span, int payloadEnd, byte crcExtra)
    {
        var expected = BinaryPrimitives.ReadUInt16LittleEndian(span[payloadEnd..]);
        return MavlinkCrc.Frame(span[1..payloadEnd], crcExtra) == expected;
    }

    private FrameError CheckSignature(ReadOnlySpan<byte> frame)
    {
        Span<byte> expected = stackalloc byte[MavlinkConstants.SignatureLength];
        MavlinkSignature.Compute(_key, frame[..^MavlinkConstants.SignatureLength], expected);
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, frame[^MavlinkConstants.SignatureLength..]))
        {
            return FrameError.BadSignature;
        }

        var block = frame[^MavlinkConstants.SignatureBlockLength..];
        var stream = ((uint)frame[5] << 16) | ((uint)frame[6] << 8) | block[0];
        var timestamp = MavlinkSignature.ReadTimestamp(block[1..7]);
        if (_lastTimestamps.TryGetValue(stream, out var last))
        {
            if (timestamp <= last)
            {
                return FrameError.Replayed;
            }
        }
        else if (_lastTimestamps.Count >= _signing.MaxStreams)
        {
            return FrameError.Replayed;
        }

        // Remembered only after the signature proved the timestamp genuine, so forged frames cannot poison it.
        _lastTimestamps[stream] = timestamp;
        return FrameError.None;
    }
}
