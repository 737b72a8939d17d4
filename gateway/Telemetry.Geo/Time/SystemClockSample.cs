namespace Telemetry.Geo.Time;

/// <summary>
/// A reading of the gateway's clocks taken together: system UTC (CLOCK_REALTIME), monotonic time (CLOCK_MONOTONIC)
/// and whether the kernel considers the system clock synchronised (adjtimex: STA_UNSYNC clear).
/// </summary>
/// <param name="UtcNs">System UTC, ns since the Unix epoch.</param>
/// <param name="MonotonicNs">Monotonic clock, ns, same scale as detection and fix timestamps.</param>
/// <param name="Synchronised">True when the system clock is disciplined by NTP, chrony or PPS.</param>
public readonly record struct SystemClockSample(long UtcNs, long MonotonicNs, bool Synchronised);
