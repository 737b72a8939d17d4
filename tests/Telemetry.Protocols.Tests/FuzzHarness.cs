using System.Buffers;
using System.Diagnostics;
using Telemetry.Protocols.Framing;

namespace Telemetry.Protocols.Tests;

/// <summary>
/// Time-boxed fuzzing with the project's two oracles: (a) the same bytes give the same frames whether seen as one
/// span, as random segments, or fed in random chunks as a pipe would; (b) every accepted frame passes a slow
/// reference validator written independently of the parser.
/// </summary>
internal static class FuzzHarness
{
    public static int Run(
        Func<IFramer> create,
        Func<Random, byte[]> generate,
        Action<byte[]> validateAccepted,
        TimeSpan budget,
        int seed)
    {
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        var iterations = 0;
        while (watch.Elapsed < budget)
        {
            var input = generate(random);
            var whole = FramerHarness.Run(create(), input);
            var segmented = FramerHarness.Run(create(), RandomSegments(random, input));
            var chunked = Chunked(create(), random, input);
            Assert.True(Same(whole.Frames, segmented.Frames), $"seed {seed} iteration {iterations}: segmented differs on {Convert.ToHexString(input)}");
            Assert.True(Same(whole.Frames, chunked.Frames), $"seed {seed} iteration {iterations}: chunked differs on {Convert.ToHexString(input)}");
            Assert.Equal(input.Length, FrameBytes(whole.Frames) + whole.Counters.RejectedBytes);
            Assert.Equal(whole.Counters.RejectedBytes, segmented.Counters.RejectedBytes);
            Assert.Equal(whole.Counters.RejectedBytes, chunked.RejectedBytes);
            foreach (var frame in whole.Frames)
            {
                validateAccepted(frame);
            }

            iterations++;
        }

        return iterations;
    }

    /// <summary>Concatenates valid frames and damages them: bit flips, dropped, inserted and random bytes.</summary>
    public static byte[] Mutate(Random random, IReadOnlyList<byte[]> frames, int count)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < count; i++)
        {
            bytes.AddRange(frames[random.Next(frames.Count)]);
        }

        var mutations = random.Next(0, 6);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes[at] = (byte)random.Next(256);
                    break;
            }
        }

        return [.. bytes];
    }

    private static ReadOnlySequence<byte> RandomSegments(Random random, byte[] input)
    {
        var parts = new List<byte[]>();
        var at = 0;
        while (at < input.Length)
        {
            var size = Math.Min(input.Length - at, random.Next(0, 40));
            parts.Add(input[at..(at + size)]);
            at += size;
        }

        return parts.Count == 0 ? ReadOnlySequence<byte>.Empty : TestKit.Segmentation.Build(parts);
    }

    private static (List<byte[]> Frames, long RejectedBytes) Chunked(IFramer framer, Random random, byte[] input)
    {
        var frames = new List<byte[]>();
        long rejected = 0;
        var pending = Array.Empty<byte>();
        var at = 0;
        do
        {
            var size = Math.Min(input.Length - at, random.Next(1, 64));
            pending = [.. pending, .. input.AsSpan(at, size)];
            at += size;
            var result = FramerHarness.Run(framer, pending, isFinal: at >= input.Length);
            frames.AddRange(result.Frames);
            rejected += result.Counters.RejectedBytes;
            pending = pending[^(int)result.Left..];
        }
        while (at < input.Length);

        return (frames, rejected);
    }

    private static long FrameBytes(List<byte[]> frames) => frames.Sum(f => (long)f.Length);

    private static bool Same(List<byte[]> a, List<byte[]> b)
        => a.Count == b.Count && a.Zip(b).All(p => p.First.AsSpan().SequenceEqual(p.Second));
}
