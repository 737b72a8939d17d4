using System.Buffers;
using System.Runtime.CompilerServices;

namespace Telemetry.Protocols.Framing;

/// <summary>
/// Runs a framer over whatever bytes are buffered. Both the async pipe loop and synchronous callers
/// (tests, fuzzing, file decoding) go through here, so framing is driven by exactly one piece of code.
/// </summary>
public static class FrameScanner
{
    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    /// <summary>
    /// Cuts every complete frame out of <paramref name="buffer"/>, handing each to <paramref name="handler"/>.
    /// On return <paramref name="buffer"/> holds the bytes that must be kept for the next call.
    /// When <paramref name="isFinal"/> is set, no more data will come: left-over bytes are counted as
    /// <see cref="FrameError.Truncated"/> (or <see cref="FrameError.Noise"/> when no frame had started) and dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scan<TFramer, THandler>(
        ref ReadOnlySequence<byte> buffer,
        TFramer framer,
        ref THandler handler,
        FrameCounters counters,
        bool isFinal)
        where TFramer : IFramer
        where THandler : IFrameHandler
    {
        while (!buffer.IsEmpty)
        {
            var before = buffer.Length;
            var status = framer.TryReadFrame(ref buffer, out var frame, out var error);
            switch (status)
            {
                case FrameStatus.Complete:
                    counters.AddFrame();
                    handler.OnFrame(frame);
                    break;
                case FrameStatus.Invalid:
                    var rejected = before - buffer.Length;
                    counters.AddRejection(error, rejected);
                    handler.OnRejected(error, rejected);
                    break;
                default:
                    var skipped = before - buffer.Length;
                    if (skipped > 0)
                    {
                        // The framer dropped bytes that can never start a frame.
                        counters.AddRejection(FrameError.Noise, skipped);
                        handler.OnRejected(FrameError.Noise, skipped);
                    }

                    if (buffer.Length > framer.MaxFrameLength)
                    {
                        // A well-behaved framer never asks to keep more than one frame; guard the cap anyway
                        // so a framer bug cannot grow memory without bound.
                        var drop = buffer.Length;
                        buffer = buffer.Slice(buffer.End);
                        counters.AddRejection(FrameError.TooLong, drop);
                        handler.OnRejected(FrameError.TooLong, drop);
                    }

                    if (isFinal && !buffer.IsEmpty)
                    {
                        var left = buffer.Length;
                        buffer = buffer.Slice(buffer.End);
                        counters.AddRejection(FrameError.Truncated, left);
                        handler.OnRejected(FrameError.Truncated, left);
                    }

                    return;
            }
        }
    }
}
