using System.Buffers;
using System.Globalization;

namespace Telemetry.TestKit.Tests;

public sealed class SegmentationTests
{
    private static readonly byte[] Vector = "$GPGGA,1*00\r\n"u8.ToArray();

    [Fact]
    public void Every_shape_carries_the_same_bytes()
    {
        var shapes = Segmentation.AllShapes(Vector).ToList();

        // whole + one split per index 0..length + one byte per segment
        Assert.Equal(Vector.Length + 3, shapes.Count);
        foreach (var (shape, sequence) in shapes)
        {
            Assert.True(Vector.AsSpan().SequenceEqual(sequence.ToArray()), shape);
        }
    }

    [Fact]
    public void Splits_really_are_multi_segment()
    {
        var split = Segmentation.SplitAt(Vector, 5);
        Assert.False(split.IsSingleSegment);
        Assert.Equal(5, split.First.Length);

        var perByte = Segmentation.OneBytePerSegment(Vector);
        var segments = 0;
        foreach (var memory in perByte)
        {
            Assert.Equal(1, memory.Length);
            segments++;
        }

        Assert.Equal(Vector.Length, segments);
    }

    [Fact]
    public void Strict_prefixes_are_every_shorter_length()
    {
        var lengths = Segmentation.StrictPrefixes(Vector).Select(p => p.Length).ToList();
        Assert.Equal(Enumerable.Range(0, Vector.Length).Select(i => (long)i), lengths);
    }

    [Fact]
    public void Hostile_cultures_really_change_formatting_and_are_restored()
    {
        var before = CultureInfo.CurrentCulture.Name;
        var seen = new List<string>();
        HostileCulture.RunUnderEach(() => seen.Add(1.5.ToString(CultureInfo.CurrentCulture)));

        Assert.Contains("1,5", seen);
        Assert.Equal(before, CultureInfo.CurrentCulture.Name);
        using (HostileCulture.Use("tr-TR"))
        {
            Assert.NotEqual("I", "i".ToUpper(CultureInfo.CurrentCulture));
        }
    }
}
