using System.Buffers;
using Telemetry.Protocols.Framing;

namespace Telemetry.Protocols.Tests;

/// <summary>Drives a framer through the real <see cref="FrameScanner"/> and records what came out.</summary>
internal static class FramerHarness
{
    public static Result Run<TFramer>(TFramer framer, ReadOnlySequence<byte> input, bool isFinal = true)
        where TFramer : IFramer
    {
        var handler = new Collector { Frames = [], Rejections = [] };
        var counters = new FrameCounters();
        var buffer = input;
        FrameScanner.Scan(ref buffer, framer, ref handler, counters, isFinal);
        return new Result(handler.Frames, handler.Rejections, counters, buffer.Length);
    }

    public static Result Run<TFramer>(TFramer framer, byte[] input, bool isFinal = true)
        where TFramer : IFramer
        => Run(framer, new ReadOnlySequence<byte>(input), isFinal);

    /// <summary>Every strict prefix must leave the buffer untouched and ask for more.</summary>
    public static void AssertStrictPrefixesNeedMoreData(Func<IFramer> create, byte[] vector)
    {
        foreach (var prefix in TestKit.Segmentation.StrictPrefixes(vector))
        {
            var buffer = prefix;
            var status = create().TryReadFrame(ref buffer, out _, out _);
            Assert.Equal(FrameStatus.NeedMoreData, status);
            Assert.Equal(prefix.Length, buffer.Length);
            Assert.Equal(prefix.Start, buffer.Start);
        }
    }

    /// <summary>The vector, in every segmentation, gives exactly one frame equal to itself and nothing else.</summary>
    public static void AssertOneFrameInEveryShape(Func<IFramer> create, byte[] vector)
    {
        foreach (var (shape, sequence) in TestKit.Segmentation.AllShapes(vector))
        {
            var result = Run(create(), sequence, isFinal: false);
            Assert.True(result.Rejections.Count == 0, $"{shape}: rejected {string.Join(',', result.Rejections)}");
            Assert.True(result.Frames.Count == 1, $"{shape}: {result.Frames.Count} frames");
            Assert.Equal(vector, result.Frames[0]);
            Assert.Equal(0, result.Left);
        }
    }

    internal sealed record Result(List<byte[]> Frames, List<(FrameError Error, long Bytes)> Rejections, FrameCounters Counters, long Left);

    private struct Collector : IFrameHandler
    {
        public List<byte[]> Frames;
        public List<(FrameError, long)> Rejections;

        public readonly void OnFrame(in ReadOnlySequence<byte> frame) => Frames.Add(frame.ToArray());

        public readonly void OnRejected(FrameError error, long byteCount) => Rejections.Add((error, byteCount));
    }
}

/// <summary>A clock tests set by hand.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal));
}
