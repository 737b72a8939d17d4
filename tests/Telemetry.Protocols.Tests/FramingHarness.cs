using System.Buffers;
using Telemetry.Protocols.Framing;

namespace Telemetry.Protocols.Tests;

/// <summary>Runs a framer through <see cref="FrameScanner"/> and records everything it reports.</summary>
internal sealed class FramingHarness
{
    public List<byte[]> Frames { get; } = [];

    public List<(FrameError Error, long Bytes)> Rejections { get; } = [];

    public FrameCounters Counters { get; } = new();

    public long BytesRejected(FrameError error) => Rejections.Where(r => r.Error == error).Sum(r => r.Bytes);

    /// <summary>Scans the whole input as final.</summary>
    public static FramingHarness Run<TFramer>(TFramer framer, ReadOnlySequence<byte> input)
        where TFramer : IFramer
    {
        var harness = new FramingHarness();
        harness.Feed(framer, ref input, isFinal: true);
        return harness;
    }

    /// <summary>Feeds <paramref name="chunks"/> one at a time, keeping unconsumed bytes as a pipe would.</summary>
    public static FramingHarness RunChunked<TFramer>(TFramer framer, IEnumerable<byte[]> chunks)
        where TFramer : IFramer
    {
        var harness = new FramingHarness();
        var pending = Array.Empty<byte>();
        foreach (var chunk in chunks)
        {
            var buffer = Segmentation.Build([pending, chunk]);
            harness.Feed(framer, ref buffer, isFinal: false);
            pending = buffer.ToArray();
        }

        var last = new ReadOnlySequence<byte>(pending);
        harness.Feed(framer, ref last, isFinal: true);
        return harness;
    }

    private void Feed<TFramer>(TFramer framer, ref ReadOnlySequence<byte> buffer, bool isFinal)
        where TFramer : IFramer
    {
        var handler = new Recorder(this);
        FrameScanner.Scan(ref buffer, framer, ref handler, Counters, isFinal);
    }

    private readonly struct Recorder(FramingHarness owner) : IFrameHandler
    {
        public void OnFrame(in ReadOnlySequence<byte> frame) => owner.Frames.Add(frame.ToArray());

        public void OnRejected(FrameError error, long byteCount) => owner.Rejections.Add((error, byteCount));
    }
}
