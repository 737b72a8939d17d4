namespace Telemetry.Protocols.Framing;

/// <summary>
/// Per-stream framing counters. Written by the one reader thread, read by metrics at any time,
/// so updates are interlocked but nothing else is shared.
/// </summary>
public sealed class FrameCounters
{
    private static readonly int ErrorCount = Enum.GetValues<FrameError>().Length;
    private readonly long[] _rejected = new long[ErrorCount];
    private long _frames;
    private long _bytes;
    private long _rejectedBytes;

    /// <summary>Valid frames handed on.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>All bytes offered to the framer.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Bytes discarded by rejections.</summary>
    public long RejectedBytes => Interlocked.Read(ref _rejectedBytes);

    /// <summary>Total rejections over every reason.</summary>
    public long RejectedTotal
    {
        get
        {
            long sum = 0;
            for (var i = 1; i < _rejected.Length; i++)
            {
                sum += Interlocked.Read(ref _rejected[i]);
            }

            return sum;
        }
    }

    /// <summary>Rejections for one reason.</summary>
    public long Rejected(FrameError error) => Interlocked.Read(ref _rejected[(int)error]);

    /// <summary>Reasons with a non-zero count, for summaries.</summary>
    public IEnumerable<(FrameError Error, long Count)> NonZeroRejections()
    {
        for (var i = 1; i < _rejected.Length; i++)
        {
            var count = Interlocked.Read(ref _rejected[i]);
            if (count != 0)
            {
                yield return ((FrameError)i, count);
            }
        }
    }

    /// <summary>Adds every count of <paramref name="other"/> (one part of a stream framed in parallel chunks).</summary>
    internal void Add(FrameCounters other)
    {
        Interlocked.Add(ref _frames, other.Frames);
        Interlocked.Add(ref _bytes, other.Bytes);
        Interlocked.Add(ref _rejectedBytes, other.RejectedBytes);
        for (var i = 0; i < _rejected.Length; i++)
        {
            Interlocked.Add(ref _rejected[i], Interlocked.Read(ref other._rejected[i]));
        }
    }

    internal void AddBytes(long count) => Interlocked.Add(ref _bytes, count);

    internal void AddFrame() => Interlocked.Increment(ref _frames);

    internal void AddRejection(FrameError error, long byteCount)
    {
        Interlocked.Increment(ref _rejected[(int)error]);
        Interlocked.Add(ref _rejectedBytes, byteCount);
    }
}
