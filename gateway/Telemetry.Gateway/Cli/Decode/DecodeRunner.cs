using System.Buffers;
using System.IO.Pipelines;
using Telemetry.Protocols.Framing;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>Totals of one decode run, for the stderr summary and tests.</summary>
internal sealed record DecodeSummary(FrameCounters Framing, long Decoded, long Unknown, long Skipped, long BadFields);

/// <summary>
/// Drives any framer over an input stream through the one pipe loop (<see cref="FrameReaderLoop"/>) and any
/// emitter into newline-delimited JSON. Memory stays constant: the pipe keeps at most one partial frame and the
/// output is flushed in blocks.
/// </summary>
internal static class DecodeRunner
{
    public static async Task<DecodeSummary> RunAsync<TFramer, TEmitter>(
        Stream input, Stream output, TFramer framer, TEmitter emitter, bool raw, CancellationToken cancellationToken)
        where TFramer : IFramer
        where TEmitter : IDecodeEmitter
    {
        var counters = new FrameCounters();
        using var sink = new DecodeSink(output, raw, framer.MaxFrameLength);
        var reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        try
        {
            await FrameReaderLoop.RunAsync(reader, framer, new Handler<TEmitter>(sink, emitter), counters, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }

        sink.FlushOutput();
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new DecodeSummary(counters, sink.Decoded, sink.Unknown, sink.Skipped, sink.Failed);
    }

    /// <summary>Writes the human-readable summary: frames, decoded, checksum errors, other errors by reason.</summary>
    public static void WriteSummary(DecodeSummary summary, TextWriter error)
    {
        var f = summary.Framing;
        var checksum = f.Rejected(FrameError.Checksum);
        error.Write($"frames={f.Frames} decoded={summary.Decoded} unknown={summary.Unknown} skipped={summary.Skipped} ");
        error.Write($"checksum_errors={checksum} bytes={f.Bytes} rejected_bytes={f.RejectedBytes}");
        foreach (var (reason, count) in f.NonZeroRejections())
        {
            if (reason != FrameError.Checksum)
            {
                error.Write($" {reason}={count}");
            }
        }

        if (summary.BadFields != 0)
        {
            error.Write($" {FrameError.BadField}={summary.BadFields}");
        }

        error.WriteLine();
    }

    private readonly struct Handler<TEmitter>(DecodeSink sink, TEmitter emitter) : IFrameHandler
        where TEmitter : IDecodeEmitter
    {
        public void OnFrame(in ReadOnlySequence<byte> frame) => sink.Emit(FrameBytes.Contiguous(frame, sink.Scratch), emitter);

        public void OnRejected(FrameError error, long byteCount)
        {
            // Counted by FrameCounters; the summary reports rejections by reason.
        }
    }
}
