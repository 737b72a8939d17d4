using System.Diagnostics;
using Telemetry.Geo.Time;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// The gateway's two clocks: UTC (a <see cref="TimeProvider"/>, which jumps when NTP steps it) and a monotonic clock in
/// nanoseconds (never jumps). Both are injectable so the demo and tests can run the gateway on simulation time.
/// </summary>
internal sealed class GatewayClock(TimeProvider utc, Func<long> monotonicNs)
{
    public static GatewayClock System { get; } = new(TimeProvider.System, StopwatchNs);

    public TimeProvider Utc { get; } = utc;

    public long MonotonicNs() => monotonicNs();

    public SystemClockSample Sample() =>
        new(Utc.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000, monotonicNs(), Synchronised: false);

    /// <summary>CLOCK_MONOTONIC via Stopwatch (the same clock as kernel GPIO edge timestamps on Linux).</summary>
    public static long StopwatchNs() => (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
}
