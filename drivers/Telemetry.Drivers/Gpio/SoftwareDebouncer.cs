namespace Telemetry.Drivers.Gpio;

/// <summary>
/// Debounce by stability, driven only by kernel timestamps so it is deterministic: an edge is reported once the
/// line has stayed at its new level for the period — confirmed either by the next raw edge arriving later than
/// that, or by <see cref="Expire"/> when the period passes with no edge. The reported edge keeps the timestamp and
/// sequence numbers of the raw edge that started the stable level. One instance per line; one thread.
/// </summary>
internal sealed class SoftwareDebouncer(long periodNs)
{
    private bool? _stableHigh;
    private GpioEdgeEvent? _pending;

    /// <summary>The time at which the pending edge is confirmed, or null when nothing is pending.</summary>
    public long? Deadline => _pending is { } p ? p.TimestampNs + periodNs : null;

    /// <summary>Feeds one raw edge. Returns the earlier edge this one proves stable (if any) and the raw edges suppressed.</summary>
    public (GpioEdgeEvent? Confirmed, int Bounces) Process(in GpioEdgeEvent raw)
    {
        GpioEdgeEvent? confirmed = null;
        var bounces = 0;
        if (_pending is { } pending && raw.TimestampNs - pending.TimestampNs >= periodNs)
        {
            confirmed = pending;
            _stableHigh = pending.Edge == GpioEdge.Rising;
            _pending = null;
        }

        if (_pending is not null)
        {
            // The level changed again within the period: the pending edge was a glitch.
            _pending = null;
            bounces++;
        }

        var high = raw.Edge == GpioEdge.Rising;
        if (_stableHigh == high)
        {
            // Back to (or still at) the stable level: nothing to report.
            return (confirmed, bounces + 1);
        }

        // First edge ever, or a change away from the stable level: wait to see whether it holds.
        _pending = raw;
        return (confirmed, bounces);
    }

    /// <summary>Confirms the pending edge when <paramref name="nowNs"/> is past its deadline.</summary>
    public GpioEdgeEvent? Expire(long nowNs)
    {
        if (_pending is { } pending && nowNs - pending.TimestampNs >= periodNs)
        {
            _pending = null;
            _stableHigh = pending.Edge == GpioEdge.Rising;
            return pending;
        }

        return null;
    }
}
