using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Telemetry.Protocols.Framing;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// Writes one JSON object per frame, newline-delimited, into a pooled buffer flushed to the output stream in
/// large blocks; counts what happened to every frame. Without an output stream the buffer is never flushed: the
/// chunked runner takes it whole (<see cref="Buffer"/>). One per decode run or chunk job; not thread-safe.
/// </summary>
internal sealed class DecodeSink : IDisposable
{
    // Flush in blocks of this size: big enough to make writes cheap, small enough for constant memory.
    private const int FlushThreshold = 60 * 1024;
    private readonly Stream? _output;
    private readonly PooledBufferWriter _buffer;
    private readonly Utf8JsonWriter _json;
    private readonly bool _raw;

    /// <param name="output">Where JSON is flushed in blocks; null to keep it all in <see cref="Buffer"/>.</param>
    /// <param name="raw">Add each frame's text as <c>raw</c>.</param>
    /// <param name="maxFrameLength">The framer's cap, for the straddling-frame scratch.</param>
    /// <param name="initialCapacity">Starting size of the JSON buffer: enough for a whole chunk spares the copies of growing.</param>
    public DecodeSink(Stream? output, bool raw, int maxFrameLength, int initialCapacity = FlushThreshold + 4096)
    {
        _buffer = new PooledBufferWriter(initialCapacity);
        _output = output;
        _raw = raw;
        Scratch = new byte[maxFrameLength];
        // Relaxed escaping keeps NMEA text readable ('+', '<' stay as they are); output is not embedded in HTML.
        // No structure validation: every object is written by our emitters (the tests parse all of it), and the
        // checks cost per property on the hot path.
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    /// <summary>Scratch for frames that straddle pipe segments (see <see cref="FrameBytes.Contiguous"/>).</summary>
    public byte[] Scratch { get; }

    /// <summary>The JSON written and not yet flushed.</summary>
    public PooledBufferWriter Buffer => _buffer;

    public long Decoded { get; private set; }

    public long Unknown { get; private set; }

    public long Skipped { get; private set; }

    public long Failed { get; private set; }

    // Not generic on purpose: emitters are classes, so a generic method would run as shared (__Canon) code and pay
    // a runtime generic-dictionary lookup per frame; one interface call is cheaper.
    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Emit(ReadOnlySpan<byte> frame, IDecodeEmitter emitter)
    {
        _json.WriteStartObject();
        var outcome = emitter.WriteProperties(frame, _json);
        switch (outcome)
        {
            case DecodeOutcome.Decoded or DecodeOutcome.Unknown:
                if (_raw)
                {
                    emitter.WriteRaw(frame, _json);
                }

                _json.WriteEndObject();
                _json.Flush();
                _buffer.GetSpan(1)[0] = (byte)'\n';
                _buffer.Advance(1);
                if (outcome == DecodeOutcome.Decoded)
                {
                    Decoded++;
                }
                else
                {
                    Unknown++;
                }

                break;
            case DecodeOutcome.Skipped:
                Skipped++;
                break;
            default:
                Failed++;
                break;
        }

        // Unflushed bytes of a skipped or failed frame are dropped here; the writer starts the next root object.
        _json.Reset();
        if (_output is not null && _buffer.WrittenCount >= FlushThreshold)
        {
            FlushOutput();
        }
    }

    public void FlushOutput()
    {
        _output?.Write(_buffer.WrittenSpan);
        _buffer.Reset();
    }

    public void Dispose()
    {
        _json.Dispose();
        _buffer.Dispose();
    }
}
