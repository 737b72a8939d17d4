using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// One piece of an NMEA capture framed, decoded and written to JSON on its own (see <see cref="ChunkedDecodeRunner"/>),
/// with the state needed to stitch it to the pieces before it. Reused chunk after chunk; its counters accumulate
/// over every chunk it processed and are summed by the runner at the end.
/// </summary>
internal sealed class DecodeChunk : IDisposable
{
    private readonly List<(int Start, int Length)> _prefixFrames = [];
    private bool _dated;

    public DecodeChunk(int capacity, bool includeGnss, bool includeDetector, bool raw)
    {
        Input = ArrayPool<byte>.Shared.Rent(capacity);
        Emitter = new NmeaJsonEmitter(includeGnss, includeDetector);
        // JSON is about 2.5 times the NMEA it comes from (3.5 with --raw): size the buffer for a whole chunk once.
        Sink = new DecodeSink(output: null, raw, NmeaFramer.MaxLength, initialCapacity: capacity * (raw ? 4 : 3));
    }

    /// <summary>The chunk's bytes are <c>Input[..Length]</c>.</summary>
    public byte[] Input { get; private set; }

    public int Length { get; set; }

    /// <summary>No more input follows: a frame cut off at the end is counted as truncated.</summary>
    public bool IsFinal { get; set; }

    /// <summary>Bytes at the end the framer could not decide on yet (only when not final and not cut at a sentence start).</summary>
    public int Leftover { get; private set; }

    public FrameCounters Counters { get; } = new();

    public DecodeSink Sink { get; }

    public NmeaJsonEmitter Emitter { get; }

    /// <summary>Frames before the first dated sentence (RMC, ZDA) of the chunk: their times depend on earlier chunks.</summary>
    public IReadOnlyList<(int Start, int Length)> PrefixFrames => _prefixFrames;

    /// <summary>Where the output of the first dated sentence begins in <see cref="Sink"/>'s buffer.</summary>
    public int PrefixOutputEnd { get; private set; }

    /// <summary>A frame of the prefix was written without a date: rewrite the prefix if an earlier chunk knew it.</summary>
    public bool NeedsDateSeed { get; private set; }

    /// <summary>The date state at the end of the chunk, or null when the chunk held no dated sentence (state passes through).</summary>
    public NmeaDateTracker? EndDates => _dated ? Emitter.Dates : null;

    /// <summary>Frames, decodes and writes the chunk. Never throws on input; safe to run on any thread.</summary>
    public void Process()
    {
        _prefixFrames.Clear();
        _dated = false;
        NeedsDateSeed = false;
        Emitter.Dates = default;
        Emitter.ResolvedWithoutDate = false;
        var buffer = new ReadOnlySequence<byte>(Input, 0, Length);
        var handler = new Handler(this);
        FrameScanner.Scan(ref buffer, default(NmeaFramer), ref handler, Counters, IsFinal);
        Leftover = (int)buffer.Length;
        Counters.AddBytes(Length - Leftover);
        if (!_dated)
        {
            PrefixOutputEnd = Sink.Buffer.WrittenCount;
            NeedsDateSeed = Emitter.ResolvedWithoutDate;
        }
    }

    public void Dispose()
    {
        Sink.Dispose();
        ArrayPool<byte>.Shared.Return(Input);
        Input = [];
    }

    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OnFrame(ReadOnlySpan<byte> frame)
    {
        if (_dated)
        {
            Sink.Emit(frame, Emitter);
            return;
        }

        var outputBefore = Sink.Buffer.WrittenCount;
        Sink.Emit(frame, Emitter);
        var start = (int)Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(Input), ref MemoryMarshal.GetReference(frame));
        if (Emitter.Dates.HasDate)
        {
            // The first dated sentence: from here on the output no longer depends on earlier chunks.
            _dated = true;
            PrefixOutputEnd = outputBefore;
            NeedsDateSeed = Emitter.ResolvedWithoutDate;
        }
        else
        {
            _prefixFrames.Add((start, frame.Length));
        }
    }

    private readonly struct Handler(DecodeChunk chunk) : IFrameHandler
    {
        // Chunks are one array, so every frame is a single segment.
        public void OnFrame(in ReadOnlySequence<byte> frame) => chunk.OnFrame(frame.FirstSpan);

        public void OnRejected(FrameError error, long byteCount)
        {
            // Counted by the chunk's FrameCounters.
        }
    }
}
