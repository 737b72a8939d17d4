using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
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
    public static async Task<DecodeSummary> RunAsync<TFramer>(
        Stream input, Stream output, TFramer framer, IDecodeEmitter emitter, bool raw, CancellationToken cancellationToken)
        where TFramer : IFramer
    {
        var counters = new FrameCounters();
        using var sink = new DecodeSink(output, raw, framer.MaxFrameLength);
        var reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        try
        {
            await FrameReaderLoop.RunAsync(reader, framer, new Handler(sink, emitter), counters, cancellationToken).ConfigureAwait(false);
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
    // Plain concatenation of invariant numbers: interpolation would compile a handler per argument type on the
    // serial tail of every run, and a summary parsed by scripts must not follow the current culture.
    public static void WriteSummary(DecodeSummary summary, TextWriter error)
    {
        var f = summary.Framing;
        var line = new StringBuilder(160)
            .Append("frames=").Append(Invariant(f.Frames))
            .Append(" decoded=").Append(Invariant(summary.Decoded))
            .Append(" unknown=").Append(Invariant(summary.Unknown))
            .Append(" skipped=").Append(Invariant(summary.Skipped))
            .Append(" checksum_errors=").Append(Invariant(f.Rejected(FrameError.Checksum)))
            .Append(" bytes=").Append(Invariant(f.Bytes))
            .Append(" rejected_bytes=").Append(Invariant(f.RejectedBytes));
        foreach (var (reason, count) in f.NonZeroRejections())
        {
            if (reason != FrameError.Checksum)
            {
                line.Append(' ').Append(reason.ToString()).Append('=').Append(Invariant(count));
            }
        }

        if (summary.BadFields != 0)
        {
            line.Append(' ').Append(nameof(FrameError.BadField)).Append('=').Append(Invariant(summary.BadFields));
        }

        error.WriteLine(line.ToString());
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private readonly struct Handler(DecodeSink sink, IDecodeEmitter emitter) : IFrameHandler
    {
        public void OnFrame(in ReadOnlySequence<byte> frame) => sink.Emit(FrameBytes.Contiguous(frame, sink.Scratch), emitter);

        public void OnRejected(FrameError error, long byteCount)
        {
            // Counted by FrameCounters; the summary reports rejections by reason.
        }
    }
}
