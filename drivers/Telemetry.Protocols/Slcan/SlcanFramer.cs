using System.Buffers;
using Telemetry.Protocols.Framing;
using static Telemetry.Protocols.Slcan.SlcanLiterals;

namespace Telemetry.Protocols.Slcan;

/// <summary>
/// Cuts SLCAN lines (<c>\r</c>-terminated) and BEL error bytes out of a serial stream and validates their grammar,
/// so every accepted frame decodes with <see cref="SlcanReader"/>.
/// </summary>
/// <remarks>
/// Resynchronisation: bytes that cannot start a line are skipped as noise up to a frame letter or BEL, or through
/// the next CR (so the tail of a damaged line never passes for an OK response). A bad line is dropped up to its CR, or
/// up to the first frame letter (<c>t T r R</c>, never hex) inside it, so a frame whose preceding CR was lost
/// still decodes. Cap: the longest valid line is 31 bytes (<c>T</c> + 8 id + DLC + 16 data + 4 timestamp + CR).
/// </remarks>
public sealed class SlcanFramer : IFramer
{
    /// <summary>Longest valid line including its CR.</summary>
    public const int MaxLineLength = 31;

    // Set when a noise run reached the end of the buffered bytes: the next bytes continue that run, so a soft start
    // letter (z Z F V N) there is still noise, exactly as if all bytes had arrived at once.
    private bool _inNoise;

    /// <inheritdoc />
    public int MaxFrameLength => MaxLineLength;

    /// <inheritdoc />
    public FrameStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame, out FrameError error)
    {
        frame = default;
        error = FrameError.None;
        if (buffer.IsEmpty)
        {
            return FrameStatus.NeedMoreData;
        }

        var available = (int)Math.Min(buffer.Length, MaxLineLength);
        scoped ReadOnlySpan<byte> span;
        Span<byte> scratch = stackalloc byte[MaxLineLength];
        if (buffer.FirstSpan.Length >= available)
        {
            span = buffer.FirstSpan[..available];
        }
        else
        {
            buffer.Slice(0, available).CopyTo(scratch);
            span = scratch[..available];
        }

        var status = Parse(span, buffer.Length > available, out var consumed, out error);
        if (status == FrameStatus.Complete)
        {
            frame = buffer.Slice(0, consumed);
        }

        buffer = buffer.Slice(consumed);
        return status;
    }

    private FrameStatus Parse(ReadOnlySpan<byte> span, bool moreBeyond, out int consumed, out FrameError error)
    {
        error = FrameError.None;
        consumed = 0;
        if (!IsStart(span[0]) || (_inNoise && !IsHardStart(span[0]) && span[0] != Bell))
        {
            // Noise runs to the next frame letter or BEL (both self-evident), or through the next CR: a CR after
            // garbage ends a damaged line and must not pass for an OK response.
            var next = EndOfNoise(span);
            consumed = next < 0 ? span.Length : next;
            _inNoise = next < 0;
            error = FrameError.Noise;
            return next < 0 && !moreBeyond ? FrameStatus.NeedMoreData : FrameStatus.Invalid;
        }

        _inNoise = false;

        // Single-byte responses: CR = OK, BEL = error.
        if (span[0] is Cr or Bell)
        {
            consumed = 1;
            return FrameStatus.Complete;
        }

        var end = IndexOfEnd(span);
        var hardStart = IndexOfHardStart(span, end < 0 ? span.Length : end);
        if (hardStart > 0)
        {
            // A frame letter inside the line: this line lost its CR; keep the new frame.
            consumed = hardStart;
            error = FrameError.BadTerminator;
            return FrameStatus.Invalid;
        }

        if (end < 0)
        {
            if (span.Length < MaxLineLength)
            {
                return FrameStatus.NeedMoreData;
            }

            consumed = span.Length;
            error = FrameError.TooLong;
            return FrameStatus.Invalid;
        }

        if (span[end] == Bell)
        {
            // BEL ends nothing: it is the adapter refusing a command, in the middle of an unfinished line.
            consumed = end;
            error = FrameError.BadTerminator;
            return FrameStatus.Invalid;
        }

        consumed = end + 1;
        return SlcanGrammar.TryParse(span[..consumed], out _, out error) ? FrameStatus.Complete : FrameStatus.Invalid;
    }

    private static int EndOfNoise(ReadOnlySpan<byte> span)
    {
        for (var i = 0; i < span.Length; i++)
        {
            var b = span[i];
            if (IsHardStart(b) || b == Bell)
            {
                return i;
            }

            if (b == Cr)
            {
                return i + 1;
            }
        }

        return -1;
    }

    private static int IndexOfEnd(ReadOnlySpan<byte> span) => span.IndexOfAny(Cr, Bell);

    private static int IndexOfHardStart(ReadOnlySpan<byte> span, int limit)
    {
        for (var i = 1; i < limit; i++)
        {
            if (IsHardStart(span[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
