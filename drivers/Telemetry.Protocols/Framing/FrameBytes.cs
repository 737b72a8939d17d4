using System.Buffers;

namespace Telemetry.Protocols.Framing;

/// <summary>Helpers for turning a framed sequence into the contiguous span the readers decode.</summary>
public static class FrameBytes
{
    /// <summary>
    /// Returns the frame as one span: its own memory when it sits in one segment (the common case),
    /// otherwise a copy in <paramref name="scratch"/>, which must be at least the framer's maximum frame length.
    /// </summary>
    public static ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> frame, Span<byte> scratch)
    {
        if (frame.IsSingleSegment)
        {
            return frame.FirstSpan;
        }

        var length = (int)frame.Length;
        frame.CopyTo(scratch);
        return scratch[..length];
    }
}
