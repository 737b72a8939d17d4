using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// NMEA decoding on every core: the input is cut into chunks of about <see cref="DefaultChunkSize"/> bytes, each
/// framed, decoded and written to JSON on the thread pool, and the JSON is written out in input order. Output and
/// summary are the same as framing the whole input in one pass.
/// </summary>
/// <remarks>
/// <para>Where to cut: just before a start marker that follows an LF. Every framer decision about a sentence
/// (NmeaFramer) looks no further than its first byte outside the sentence body, and an LF is such a byte, so
/// no frame, rejection or noise run of a one-pass scan crosses that point and a chunk's framer sees everything
/// it needs. A full chunk without such a point (CR-only line endings, long garbage) is framed at once on the
/// reading thread and its undecided tail carried into the next chunk, exactly as a pipe read boundary is.</para>
/// <para>Dates: GGA, GST and GNS take their date from the last RMC or ZDA, possibly in an earlier chunk. A chunk
/// is decoded as if no date were known; the frames before its first dated sentence are kept, and rewritten
/// with the date of the chunks before it when it is written out (usually one sentence per chunk).</para>
/// <para>Memory: at most <c>2 × ProcessorCount + 2</c> chunks in flight, each its input plus its JSON (about 6 MB on two
/// cores): enough read ahead that a worker finishing a chunk finds the next one read while every core decodes
/// (with <c>ProcessorCount + 2</c> the cores idled 4 % of a 60 MB run, benchmarks/README.md). A chunk is
/// decoded once it is full (or the input ends), so from a slow live stream on stdin JSON comes out per chunk.</para>
/// </remarks>
internal static class ChunkedDecodeRunner
{
    // Small enough that the work spreads evenly over the cores, also when the host takes one away for a while, and
    // the last chunk finishes soon after the others; large enough that the per-chunk cost (a task, the date
    // stitching of its first sentences) does not show. 256 KiB decoded a 60 MB log 2 % faster than 1 MiB on an idle
    // host and 8 % faster on a busy one (benchmarks/README.md, issue 3).
    public const int DefaultChunkSize = 256 * 1024;

    public static async Task<DecodeSummary> RunAsync(
        Stream input,
        Stream output,
        bool includeGnss,
        bool includeDetector,
        bool raw,
        CancellationToken cancellationToken,
        int chunkSize = DefaultChunkSize,
        int workers = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 2 * NmeaFramer.MaxLength);
        var maxInFlight = (2 * (workers > 0 ? workers : Environment.ProcessorCount)) + 2;
        var all = new List<DecodeChunk>();
        var idle = new Stack<DecodeChunk>();
        var inFlight = new Queue<(DecodeChunk Chunk, Task Work)>();
        var writer = new OrderedWriter(output, includeGnss, includeDetector, raw);
        var carry = new byte[chunkSize];
        var carried = 0;
        try
        {
            var final = false;
            while (!final)
            {
                if (idle.Count == 0 && all.Count < maxInFlight)
                {
                    var fresh = new DecodeChunk(chunkSize, includeGnss, includeDetector, raw);
                    all.Add(fresh);
                    idle.Push(fresh);
                }

                while (idle.Count == 0)
                {
                    idle.Push(await WriteOldestAsync(inFlight, writer).ConfigureAwait(false));
                }

                var chunk = idle.Pop();
                carry.AsSpan(0, carried).CopyTo(chunk.Input);
                var filled = await FillAsync(input, chunk.Input.AsMemory(carried, chunkSize - carried), cancellationToken).ConfigureAwait(false) + carried;
                final = filled < chunkSize;
                var cut = final ? filled : FindCut(chunk.Input.AsSpan(0, filled));
                chunk.IsFinal = final;
                if (cut > 0)
                {
                    chunk.Length = cut;
                    carried = filled - cut;
                    chunk.Input.AsSpan(cut, carried).CopyTo(carry);
                    inFlight.Enqueue((chunk, Task.Run(chunk.Process, CancellationToken.None)));
                }
                else
                {
                    // No safe cut in a full chunk: frame it here, carry what the framer has not decided yet.
                    chunk.Length = filled;
                    chunk.Process();
                    carried = chunk.Leftover;
                    chunk.Input.AsSpan(filled - carried, carried).CopyTo(carry);
                    inFlight.Enqueue((chunk, Task.CompletedTask));
                }

                // Write whatever is already done, so JSON leaves as soon as it is ready and its buffer is reused.
                while (inFlight.Count > 0 && inFlight.Peek().Work.IsCompleted)
                {
                    idle.Push(await WriteOldestAsync(inFlight, writer).ConfigureAwait(false));
                }
            }

            while (inFlight.Count > 0)
            {
                idle.Push(await WriteOldestAsync(inFlight, writer).ConfigureAwait(false));
            }
        }
        finally
        {
            // Workers still use their chunks' buffers after a failure or cancellation: let them finish first.
            foreach (var (_, work) in inFlight)
            {
                await work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            writer.Dispose();
        }

        var counters = new FrameCounters();
        long decoded = 0, unknown = 0, skipped = 0, failed = 0;
        foreach (var chunk in all)
        {
            counters.Add(chunk.Counters);
            decoded += chunk.Sink.Decoded;
            unknown += chunk.Sink.Unknown;
            skipped += chunk.Sink.Skipped;
            failed += chunk.Sink.Failed;
            chunk.Dispose();
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new DecodeSummary(counters, decoded, unknown, skipped, failed);
    }

    /// <summary>
    /// The offset of the last start marker that follows an LF, or 0 when there is none. Start markers are
    /// searched from the end, so a normal capture is cut within its last sentence.
    /// </summary>
    internal static int FindCut(ReadOnlySpan<byte> bytes)
    {
        var limit = bytes.Length;
        while (true)
        {
            var lf = bytes[..limit].LastIndexOf((byte)'\n');
            if (lf < 0)
            {
                return 0;
            }

            if (lf + 1 < bytes.Length && bytes[lf + 1] is (byte)'$' or (byte)'!')
            {
                return lf + 1;
            }

            limit = lf;
        }
    }

    private static async Task<DecodeChunk> WriteOldestAsync(Queue<(DecodeChunk Chunk, Task Work)> inFlight, OrderedWriter writer)
    {
        var (chunk, work) = inFlight.Dequeue();
        await work.ConfigureAwait(false);
        writer.Write(chunk);
        return chunk;
    }

    private static async Task<int> FillAsync(Stream input, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await input.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    /// <summary>Writes chunks' JSON in input order, carrying the date from chunk to chunk.</summary>
    private sealed class OrderedWriter(Stream output, bool includeGnss, bool includeDetector, bool raw) : IDisposable
    {
        private readonly NmeaJsonEmitter _emitter = new(includeGnss, includeDetector);
        private readonly DecodeSink _sink = new(output: null, raw, NmeaFramer.MaxLength);
        private NmeaDateTracker _dates;

        public void Write(DecodeChunk chunk)
        {
            var json = chunk.Sink.Buffer;
            if (chunk.NeedsDateSeed && _dates.HasDate)
            {
                // The chunk wrote time-only sentences before its first dated one without the date known here.
                _emitter.Dates = _dates;
                foreach (var (start, length) in chunk.PrefixFrames)
                {
                    _sink.Emit(chunk.Input.AsSpan(start, length), _emitter);
                }

                output.Write(_sink.Buffer.WrittenSpan);
                _sink.Buffer.Reset();
                output.Write(json.WrittenSpan[chunk.PrefixOutputEnd..]);
            }
            else
            {
                output.Write(json.WrittenSpan);
            }

            json.Reset();
            if (chunk.EndDates is { } dates)
            {
                _dates = dates;
            }
        }

        public void Dispose() => _sink.Dispose();
    }
}
