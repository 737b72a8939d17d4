using System.Buffers;

namespace Telemetry.Protocols.Framing;

/// <summary>
/// Finds one frame at the start of a byte sequence. The one contract every protocol of the core implements.
/// </summary>
/// <remarks>
/// <para>The call always slices <c>buffer</c> past what it has dealt with, so the caller's consumed position is
/// <c>buffer.Start</c> after the call and its examined position is the end of the original buffer:</para>
/// <list type="bullet">
/// <item><see cref="FrameStatus.Complete"/>: <c>frame</c> holds the whole frame (start marker to terminator or CRC
/// inclusive) and <c>buffer</c> starts just after it.</item>
/// <item><see cref="FrameStatus.Invalid"/>: <c>buffer</c> starts after the rejected bytes; <c>error</c> says why.
/// Framers reject as little as they can (usually up to the next start marker) so the next good frame survives.</item>
/// <item><see cref="FrameStatus.NeedMoreData"/>: <c>buffer</c> may have been advanced past bytes that can never
/// start a frame; everything left must be kept and offered again with more data. A strict prefix of a valid
/// frame leaves <c>buffer</c> unchanged.</item>
/// </list>
/// Framers never throw on input.
/// </remarks>
public interface IFramer
{
    /// <summary>Hard cap on one frame's length in bytes, including markers and checksum.</summary>
    int MaxFrameLength { get; }

    /// <summary>Tries to cut one frame off the start of <paramref name="buffer"/>.</summary>
    FrameStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame, out FrameError error);
}
