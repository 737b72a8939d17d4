using System.Runtime.CompilerServices;

namespace Telemetry.Protocols.Nmea;

/// <summary>
/// Dates time-only sentences (GGA, GST, GNS) from the last dated sentence of the same stream (RMC, ZDA).
/// </summary>
/// <remarks>
/// A time more than 12 hours before the last dated time-of-day is taken to be after midnight (next day), one
/// more than 12 hours after it to be before midnight (previous day): sentences of one epoch arrive within a
/// second of each other, so the nearest calendar day is the right one. Until a dated sentence is seen, no date is
/// known and callers report time of day only. No week-rollover correction is applied here (see <see cref="NmeaDates"/>).
/// </remarks>
public struct NmeaDateTracker
{
    private const long HalfDayTicks = TimeSpan.TicksPerDay / 2;
    private DateOnly _date;
    private long _timeTicks;
    private bool _known;

    /// <summary>True once a dated sentence has been observed.</summary>
    public readonly bool HasDate => _known;

    /// <summary>Records the date and time of a dated sentence.</summary>
    public void Observe(DateOnly date, TimeOnly time)
    {
        _date = date;
        _timeTicks = time.Ticks;
        _known = true;
    }

    /// <summary>The UTC date and time for <paramref name="time"/>, or null when no date is known yet.</summary>
    public readonly DateTime? Resolve(TimeOnly time) => ResolveDate(time)?.ToDateTime(time, DateTimeKind.Utc);

    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    /// <summary>The UTC date of <paramref name="time"/> (see remarks on midnight), or null when no date is known yet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public readonly DateOnly? ResolveDate(TimeOnly time)
    {
        if (!_known)
        {
            return null;
        }

        var delta = time.Ticks - _timeTicks;
        if (delta < -HalfDayTicks && _date < DateOnly.MaxValue)
        {
            return _date.AddDays(1);
        }

        if (delta > HalfDayTicks && _date > DateOnly.MinValue)
        {
            return _date.AddDays(-1);
        }

        return _date;
    }
}
