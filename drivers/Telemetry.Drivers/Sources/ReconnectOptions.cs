namespace Telemetry.Drivers.Sources;

/// <summary>How a source retries and when it declares a silent device stalled.</summary>
public sealed record ReconnectOptions
{
    /// <summary>Delay before the first retry; doubles on each further failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap on the retry delay. Kept short by default: an absent-device probe costs one failed open().</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Fraction (0..1) of each delay that is randomised, so rigs and ports do not retry in lock step.</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>No-data watchdog: an open device silent this long is closed and reopened. Null disables it.</summary>
    public TimeSpan? NoDataTimeout { get; init; }

    /// <summary>Back-pressure: the source stops reading when this many bytes wait unread by the consumer.</summary>
    public long MaxBufferedBytes { get; init; } = 1 << 20;

    internal void Validate()
    {
        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            throw new ArgumentException($"ReconnectOptions: InitialBackoff ({InitialBackoff}) must be > 0 and <= MaxBackoff ({MaxBackoff}).");
        }

        if (Jitter is < 0 or > 1)
        {
            throw new ArgumentException($"ReconnectOptions.Jitter must be within 0..1, not {Jitter}.");
        }

        if (NoDataTimeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ReconnectOptions.NoDataTimeout must be positive or null (off), not {t}.");
        }

        if (MaxBufferedBytes < 4096)
        {
            throw new ArgumentException($"ReconnectOptions.MaxBufferedBytes must be at least 4096, not {MaxBufferedBytes}.");
        }
    }

    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based), jittered.</summary>
    internal TimeSpan BackoffFor(int attempt, double random01)
    {
        var baseMs = InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(baseMs, MaxBackoff.TotalMilliseconds);
        // Subtractive jitter keeps the cap a true upper bound (reopen-within-N guarantees rely on it).
        return TimeSpan.FromMilliseconds(capped * (1 - (Jitter * random01)));
    }
}
