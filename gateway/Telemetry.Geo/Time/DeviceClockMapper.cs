namespace Telemetry.Geo.Time;

/// <summary>
/// Maps a device's own timestamps (e.g. the detector adapter's "seconds since boot") onto the gateway's monotonic
/// clock. Every line reaches the gateway after the device stamped it, by a positive jittery delay, so the smallest
/// (receive − device) difference over a recent window is the best offset (minimum-delay filter). A device time that
/// goes backwards, or an offset that moves by more than the reset threshold, means the device rebooted: the window
/// restarts. Allocation-free after construction.
/// </summary>
public sealed class DeviceClockMapper
{
    private readonly long[] _offsets;
    private readonly long _resetThresholdNs;
    private int _next;
    private int _count;
    private long _lastDeviceNs = long.MinValue;

    /// <summary>Creates a mapper keeping the last <paramref name="window"/> offsets.</summary>
    public DeviceClockMapper(int window = 32, TimeSpan? resetThreshold = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _offsets = new long[window];
        _resetThresholdNs = (resetThreshold ?? TimeSpan.FromSeconds(1)).Ticks * 100;
    }

    /// <summary>Device reboots (or clock resets) detected.</summary>
    public long Resets { get; private set; }

    /// <summary>Feeds one received line: its device timestamp and the gateway monotonic time it arrived.</summary>
    public void Observe(long deviceNs, long receivedMonotonicNs)
    {
        var offset = receivedMonotonicNs - deviceNs;
        if (_count > 0 && (deviceNs < _lastDeviceNs || Math.Abs(offset - CurrentOffset()) > _resetThresholdNs))
        {
            Resets++;
            _count = 0;
            _next = 0;
        }

        _lastDeviceNs = deviceNs;
        _offsets[_next] = offset;
        _next = (_next + 1) % _offsets.Length;
        _count = Math.Min(_count + 1, _offsets.Length);
    }

    /// <summary>The gateway monotonic time of a device timestamp; false until a line has been observed.</summary>
    public bool TryToMonotonic(long deviceNs, out long monotonicNs)
    {
        if (_count == 0)
        {
            monotonicNs = 0;
            return false;
        }

        monotonicNs = deviceNs + CurrentOffset();
        return true;
    }

    private long CurrentOffset()
    {
        var best = long.MaxValue;
        for (var i = 0; i < _count; i++)
        {
            best = Math.Min(best, _offsets[i]);
        }

        return best;
    }
}
