using System.Buffers;

namespace Telemetry.TestKit;

/// <summary>
/// Turns one byte vector into every shape a pipe can deliver it in, so a parser is proven
/// independent of where segment boundaries fall.
/// </summary>
public static class Segmentation
{
    /// <summary>The vector in one segment.</summary>
    public static ReadOnlySequence<byte> Whole(ReadOnlySpan<byte> data) => new(data.ToArray());

    /// <summary>The vector split into two segments at <paramref name="index"/> (0 and length give an empty segment).</summary>
    public static ReadOnlySequence<byte> SplitAt(ReadOnlySpan<byte> data, int index)
        => Build([data[..index].ToArray(), data[index..].ToArray()]);

    /// <summary>One byte per segment.</summary>
    public static ReadOnlySequence<byte> OneBytePerSegment(ReadOnlySpan<byte> data)
    {
        var parts = new byte[data.Length][];
        for (var i = 0; i < data.Length; i++)
        {
            parts[i] = [data[i]];
        }

        return Build(parts);
    }

    /// <summary>
    /// Every shape: whole, split at every index from 0 to length, and one byte per segment.
    /// Each comes with a name for assertion messages.
    /// </summary>
    public static IEnumerable<(string Shape, ReadOnlySequence<byte> Sequence)> AllShapes(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        yield return ("whole", Whole(data));
        for (var i = 0; i <= data.Length; i++)
        {
            yield return ($"split@{i}", SplitAt(data, i));
        }

        yield return ("byte-per-segment", OneBytePerSegment(data));
    }

    /// <summary>Every strict prefix of the vector (lengths 0 to length - 1), each as one segment.</summary>
    public static IEnumerable<ReadOnlySequence<byte>> StrictPrefixes(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        for (var i = 0; i < data.Length; i++)
        {
            yield return Whole(data.AsSpan(0, i));
        }
    }

    /// <summary>Links arrays into a multi-segment sequence, keeping empty segments as given.</summary>
    public static ReadOnlySequence<byte> Build(IReadOnlyList<byte[]> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(parts[0], 0);
        var last = first;
        for (var i = 1; i < parts.Count; i++)
        {
            last = last.Append(parts[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
