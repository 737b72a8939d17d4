using System.Buffers;
using System.Runtime.CompilerServices;
using Telemetry.Protocols.Framing;

namespace Telemetry.Protocols.Nmea;

/// <summary>
/// Cuts NMEA 0183 sentences (and our detector sentences, which use the same framing) out of a byte stream.
/// </summary>
/// <remarks>
/// <para>Grammar (NMEA 0183 v4.11 §5.2, lenient on length and line ending):
/// <c>sentence = ("$" / "!") 1*body "*" HEX HEX ( CR LF / LF / CR )</c>, <c>body = %x20-7E except "$" "!"</c>.</para>
/// <para>Length: NMEA caps a sentence at 82 characters, but real receivers exceed it (Trimble 91-character GGA,
/// Skytraq 100-character PSTI), so the hard cap is <see cref="MaxLength"/> = 128 bytes including the start
/// marker, checksum and line ending. A line that reaches the cap without ending is rejected as
/// <see cref="FrameError.TooLong"/>; its tail is skipped as noise up to the next start marker.</para>
/// <para>Line endings: CR LF (the standard), a bare LF, or a bare CR followed by anything other than LF
/// (seen on some loggers). A CR at the very end of the buffer waits for one more byte to tell CR LF from a bare CR.</para>
/// <para>Resynchronisation: bytes before a start marker are noise; a start marker inside a sentence ends the
/// broken sentence (<see cref="FrameError.BadTerminator"/>) and starts the next; a control or non-ASCII byte
/// inside a sentence (NUL, binary noise) rejects the sentence up to and including that byte
/// (<see cref="FrameError.BadCharacter"/>). The checksum is required and verified.</para>
/// </remarks>
public readonly struct NmeaFramer : IFramer
{
    /// <summary>Hard cap on a sentence in bytes, start marker to line ending inclusive.</summary>
    public const int MaxLength = 128;

    private static readonly SearchValues<byte> StartMarkers = SearchValues.Create("$!"u8);

    // Bytes that may appear in a sentence body: printable ASCII except the two start markers.
    private static readonly SearchValues<byte> BodyBytes = SearchValues.Create(
        " \"#%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <inheritdoc />
    public int MaxFrameLength => MaxLength;

    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public FrameStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame, out FrameError error)
    {
        frame = default;
        error = FrameError.None;
        // Usually the next sentence starts right where the last one ended: no search needed.
        var first = buffer.FirstSpan;
        var start = first.Length > 0 && first[0] is (byte)'$' or (byte)'!' ? 0 : IndexOfStart(buffer);
        if (start < 0)
        {
            // Nothing here can start a sentence; drop it all (the scanner counts it as noise).
            buffer = buffer.Slice(buffer.End);
            return FrameStatus.NeedMoreData;
        }

        if (start > 0)
        {
            buffer = buffer.Slice(start);
            error = FrameError.Noise;
            return FrameStatus.Invalid;
        }

        // One byte past the cap tells "ended exactly at the cap" from "too long".
        var windowLength = (int)Math.Min(buffer.Length, MaxLength + 1);
        var status = first.Length >= windowLength
            ? Scan(first[..windowLength], out var frameLength, out error)
            : ScanSegmented(buffer, windowLength, out frameLength, out error);
        switch (status)
        {
            case FrameStatus.Complete:
                frame = buffer.Slice(0, frameLength);
                buffer = buffer.Slice(frameLength);
                break;
            case FrameStatus.Invalid:
                buffer = buffer.Slice(frameLength);
                break;
        }

        return status;
    }

    private static long IndexOfStart(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            return buffer.FirstSpan.IndexOfAny(StartMarkers);
        }

        long offset = 0;
        foreach (var segment in buffer)
        {
            var index = segment.Span.IndexOfAny(StartMarkers);
            if (index >= 0)
            {
                return offset + index;
            }

            offset += segment.Length;
        }

        return -1;
    }

    // C4: frames straddling segments are rare (pipe segments are 4 KiB+); copy the window to the stack.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FrameStatus ScanSegmented(in ReadOnlySequence<byte> buffer, int windowLength, out int length, out FrameError error)
    {
        Span<byte> window = stackalloc byte[MaxLength + 1];
        buffer.Slice(0, windowLength).CopyTo(window);
        return Scan(window[..windowLength], out length, out error);
    }

    /// <summary>
    /// Frames the sentence at the start of <paramref name="window"/> (which begins with a start marker).
    /// <paramref name="length"/> is the frame length on Complete and the rejected length on Invalid.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static FrameStatus Scan(ReadOnlySpan<byte> window, out int length, out FrameError error)
    {
        error = FrameError.None;
        length = 0;
        var offset = window[1..].IndexOfAnyExcept(BodyBytes);
        if (offset < 0)
        {
            if (window.Length > MaxLength)
            {
                length = MaxLength;
                error = FrameError.TooLong;
                return FrameStatus.Invalid;
            }

            return FrameStatus.NeedMoreData;
        }

        var end = offset + 1;
        if (end >= MaxLength)
        {
            length = MaxLength;
            error = FrameError.TooLong;
            return FrameStatus.Invalid;
        }

        switch (window[end])
        {
            case (byte)'\n':
                length = end + 1;
                break;
            case (byte)'\r':
                if (end + 1 >= window.Length)
                {
                    return FrameStatus.NeedMoreData;
                }

                length = window[end + 1] == '\n' ? end + 2 : end + 1;
                if (length > MaxLength)
                {
                    length = MaxLength;
                    error = FrameError.TooLong;
                    return FrameStatus.Invalid;
                }

                break;
            case (byte)'$' or (byte)'!':
                // A new sentence began before this one ended: keep the new one, drop the broken one.
                length = end;
                error = FrameError.BadTerminator;
                return FrameStatus.Invalid;
            default:
                length = end + 1;
                error = FrameError.BadCharacter;
                return FrameStatus.Invalid;
        }

        error = VerifyChecksum(window[..end]);
        return error == FrameError.None ? FrameStatus.Complete : FrameStatus.Invalid;
    }

    // NMEA 0183 §5.2.1: checksum = "*" HEX HEX, XOR of the bytes between the start marker and "*".
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static FrameError VerifyChecksum(ReadOnlySpan<byte> line)
    {
        var star = line.Length - 3;
        if (star < 1 || line[star] != '*')
        {
            return line.Contains((byte)'*') ? FrameError.Checksum : FrameError.MissingChecksum;
        }

        if (!NmeaChecksum.TryParseHex(line[star + 1], line[star + 2], out var expected))
        {
            return FrameError.Checksum;
        }

        return NmeaChecksum.Compute(line[1..star]) == expected ? FrameError.None : FrameError.Checksum;
    }
}
