using System.Diagnostics;
using Telemetry.Protocols.Framing;

namespace Telemetry.Drivers.Sources;

/// <summary>
/// Per-source counters, written by the source's own threads and read by metrics at any time (interlocked reads).
/// Pass <see cref="Framing"/> to <c>FrameReaderLoop.RunAsync</c> so "frames handed on" is counted beside the bytes.
/// </summary>
public sealed class SourceCounters
{
    private long _bytesRead;
    private long _bytesWritten;
    private long _bytesDropped;
    private long _opens;
    private long _openFailures;
    private long _hangUps;
    private long _stalls;
    private long _lastByteTimestamp;

    /// <summary>Framing counters for the consumer's frame loop over this source (frames handed on, rejections).</summary>
    public FrameCounters Framing { get; } = new();

    /// <summary>Bytes received from the device, over every open.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Bytes written to the device.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Bytes the consumer wrote while the device was not open; they are discarded, not queued.</summary>
    public long BytesDropped => Interlocked.Read(ref _bytesDropped);

    /// <summary>Successful opens, the first included.</summary>
    public long Opens => Interlocked.Read(ref _opens);

    /// <summary>Successful opens after the first: each one followed a hang-up, stall or error.</summary>
    public long Reopens => Math.Max(0, Opens - 1);

    /// <summary>Open attempts that failed (missing device, permissions, busy, bad settings).</summary>
    public long OpenFailures => Interlocked.Read(ref _openFailures);

    /// <summary>Hang-ups seen on an open device (unplug, EIO, remote close).</summary>
    public long HangUps => Interlocked.Read(ref _hangUps);

    /// <summary>Times the no-data watchdog fired.</summary>
    public long Stalls => Interlocked.Read(ref _stalls);

    /// <summary>Frames handed on by the consumer's frame loop (same as <c>Framing.Frames</c>).</summary>
    public long FramesHandedOn => Framing.Frames;

    /// <summary>Time since the last byte arrived, or null before the first byte.</summary>
    public TimeSpan? LastByteAge
    {
        get
        {
            var last = Interlocked.Read(ref _lastByteTimestamp);
            return last == 0 ? null : Stopwatch.GetElapsedTime(last);
        }
    }

    internal void AddRead(int count)
    {
        Interlocked.Add(ref _bytesRead, count);
        Interlocked.Exchange(ref _lastByteTimestamp, Stopwatch.GetTimestamp());
    }

    internal void AddWritten(long count) => Interlocked.Add(ref _bytesWritten, count);

    internal void AddDropped(long count) => Interlocked.Add(ref _bytesDropped, count);

    internal void AddOpen() => Interlocked.Increment(ref _opens);

    internal void AddOpenFailure() => Interlocked.Increment(ref _openFailures);

    internal void AddHangUp() => Interlocked.Increment(ref _hangUps);

    internal void AddStall() => Interlocked.Increment(ref _stalls);
}
