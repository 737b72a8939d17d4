using System.Buffers;
using System.IO.Pipelines;

namespace Telemetry.Protocols.Framing;

/// <summary>The one <see cref="PipeReader"/> loop of the project: read, frame, advance, repeat.</summary>
public static class FrameReaderLoop
{
    /// <summary>
    /// Reads <paramref name="reader"/> until it completes or <paramref name="cancellationToken"/> fires, handing
    /// every frame to <paramref name="handler"/>. Never throws on bad input; a truncated last frame is counted.
    /// </summary>
    public static async ValueTask RunAsync<TFramer, THandler>(
        PipeReader reader,
        TFramer framer,
        THandler handler,
        FrameCounters counters,
        CancellationToken cancellationToken = default)
        where TFramer : IFramer
        where THandler : IFrameHandler
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(counters);
        long kept = 0;
        while (true)
        {
            // Try synchronously first: when data is already buffered this avoids an async state-machine hop.
            if (!reader.TryRead(out var result))
            {
                result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }

            var buffer = result.Buffer;
            var end = buffer.End;
            // Bytes kept from the last round come back at the start of this buffer; count only the new ones.
            counters.AddBytes(buffer.Length - kept);
            var finished = result.IsCompleted || result.IsCanceled;
            FrameScanner.Scan(ref buffer, framer, ref handler, counters, finished);

            // Everything up to buffer.Start is consumed; everything was examined, so the next read waits for new bytes.
            kept = buffer.Length;
            reader.AdvanceTo(buffer.Start, end);
            if (finished)
            {
                return;
            }
        }
    }
}
