namespace Telemetry.Geo.Gnss;

/// <summary>
/// The recent GNSS track of one receiver: a fixed-capacity ring of epochs in strictly increasing UTC order.
/// Adding never allocates; when full, the oldest epoch is overwritten. Not thread-safe: one owner (the rig's
/// pipeline) adds fixes and geotags detections on the same thread, or locks around both.
/// </summary>
public sealed class GnssTrack
{
    // How many recent epochs feed the GNSS-time ↔ monotonic offset estimate. Enough to outlast a stall of the
    // reading process (every epoch read during a stall arrives late, so a short window can hold no prompt epoch at
    // all: 16 epochs were spoiled by a 0.3 s stall in a 10× demo), few enough that oscillator drift (≤ 50 ppm)
    // stays at or below 0.5 ms over the window (100 epochs = 10 s at 10 Hz).
    private const int OffsetWindow = 100;

    private readonly GnssFix[] _fixes;
    private readonly long _notBeforeUtcNs;
    private readonly long _outputLatencyNs;
    private int _start;

    /// <summary>Creates an empty track.</summary>
    /// <param name="capacity">Epochs kept (≥ 2); 256 keeps 25 s at 10 Hz.</param>
    /// <param name="source">Which receiver this track follows.</param>
    /// <param name="notBeforeUtc">Earliest plausible UTC; earlier receiver dates are corrected for GPS week rollover.</param>
    /// <param name="outputLatency">
    /// The receiver's fixed delay from epoch to the first byte of its sentences (data sheet or measured with PPS;
    /// default 0). The gateway cannot observe it, so it is configured; only the jitter above it is filtered out.
    /// </param>
    public GnssTrack(int capacity = 256, PositionSource source = PositionSource.RigGnss, DateTime? notBeforeUtc = null, TimeSpan outputLatency = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _fixes = new GnssFix[capacity];
        Source = source;
        _notBeforeUtcNs = notBeforeUtc is { } d ? GnssFix.ToUtcNs(d) : long.MinValue;
        _outputLatencyNs = outputLatency.Ticks * 100;
    }

    /// <summary>Which receiver this track follows.</summary>
    public PositionSource Source { get; }

    /// <summary>Epochs stored now.</summary>
    public int Count { get; private set; }

    /// <summary>Maximum epochs stored.</summary>
    public int Capacity => _fixes.Length;

    /// <summary>Fixes rejected for having no position.</summary>
    public long RejectedNoPosition { get; private set; }

    /// <summary>Fixes rejected for going back in time.</summary>
    public long RejectedOutOfOrder { get; private set; }

    /// <summary>Fixes whose date was moved forward for GPS week rollover.</summary>
    public long WeekRolloverCorrections { get; private set; }

    /// <summary>The stored epoch at <paramref name="index"/>, 0 = oldest.</summary>
    public ref readonly GnssFix this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return ref _fixes[(_start + index) % _fixes.Length];
        }
    }

    /// <summary>Adds the next epoch. Never throws for bad data: rejects it and counts why.</summary>
    public TrackAddResult Add(in GnssFix fix)
    {
        if (!fix.HasPosition)
        {
            RejectedNoPosition++;
            return TrackAddResult.RejectedNoPosition;
        }

        var stored = Sanitise(fix);
        var corrected = GpsWeekRollover.Correct(fix.UtcNs, _notBeforeUtcNs, out var periods);
        if (periods > 0)
        {
            stored = fix with { UtcNs = corrected };
            WeekRolloverCorrections++;
        }

        if (Count > 0)
        {
            ref var newest = ref _fixes[(_start + Count - 1) % _fixes.Length];
            if (stored.UtcNs == newest.UtcNs)
            {
                newest = stored;
                return TrackAddResult.Replaced;
            }

            if (stored.UtcNs < newest.UtcNs)
            {
                RejectedOutOfOrder++;
                return TrackAddResult.RejectedOutOfOrder;
            }
        }

        if (Count == _fixes.Length)
        {
            _fixes[_start] = stored;
            _start = (_start + 1) % _fixes.Length;
        }
        else
        {
            _fixes[(_start + Count) % _fixes.Length] = stored;
            Count++;
        }

        return TrackAddResult.Added;
    }

    // Receivers and parsers can hand over nonsense (negative speed, HDOP 0, course 361°); it is turned into "absent"
    // here, once, so nothing downstream has to guard against it.
    private static GnssFix Sanitise(in GnssFix f) => f with
    {
        Satellites = f.Satellites >= 0 ? f.Satellites : -1,
        Hdop = PositiveOrNaN(f.Hdop),
        Pdop = PositiveOrNaN(f.Pdop),
        SigmaLatitude = NonNegativeOrNaN(f.SigmaLatitude),
        SigmaLongitude = NonNegativeOrNaN(f.SigmaLongitude),
        SigmaAltitude = NonNegativeOrNaN(f.SigmaAltitude),
        SpeedMps = NonNegativeOrNaN(f.SpeedMps),
        CourseDeg = AngleOrNaN(f.CourseDeg),
        HeadingDeg = AngleOrNaN(f.HeadingDeg),
        AltitudeMsl = double.IsFinite(f.AltitudeMsl) ? f.AltitudeMsl : double.NaN,
        GeoidSeparation = double.IsFinite(f.GeoidSeparation) ? f.GeoidSeparation : double.NaN,
    };

    private static double PositiveOrNaN(double v) => double.IsFinite(v) && v > 0 ? v : double.NaN;

    private static double NonNegativeOrNaN(double v) => double.IsFinite(v) && v >= 0 ? v : double.NaN;

    private static double AngleOrNaN(double v)
    {
        if (!double.IsFinite(v) || v is < -360 or > 720)
        {
            return double.NaN;
        }

        var r = v % 360;
        return r < 0 ? r + 360 : r;
    }

    /// <summary>Forgets every epoch (e.g. after the receiver was replaced); counters are kept.</summary>
    public void Clear()
    {
        _start = 0;
        Count = 0;
    }

    /// <summary>
    /// Finds the epochs around <paramref name="utcNs"/>: <paramref name="before"/> is the last with time ≤ t and
    /// <paramref name="after"/> the first with time ≥ t (equal when an epoch matches exactly); −1 where none exists.
    /// Binary search, O(log n).
    /// </summary>
    public void Bracket(long utcNs, out int before, out int after)
    {
        int lo = 0, hi = Count - 1;
        before = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (this[mid].UtcNs <= utcNs)
            {
                before = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        after = before >= 0 && this[before].UtcNs == utcNs ? before
            : before + 1 < Count ? before + 1
            : -1;
    }

    /// <summary>
    /// Estimates GNSS UTC − gateway monotonic time from the newest epochs. Each epoch reaches the gateway after its
    /// own time by a positive, jittery latency, so the largest (UTC − receive) difference belongs to the least
    /// delayed epoch and is the best offset (a minimum-delay filter), corrected by the configured output latency.
    /// False when the track is empty.
    /// </summary>
    public bool TryGetUtcOffset(out long offsetNs)
    {
        offsetNs = 0;
        if (Count == 0)
        {
            return false;
        }

        var best = long.MinValue;
        for (var i = Math.Max(0, Count - OffsetWindow); i < Count; i++)
        {
            ref readonly var f = ref this[i];
            best = Math.Max(best, f.UtcNs - f.MonotonicNs);
        }

        offsetNs = best + _outputLatencyNs;
        return true;
    }

    /// <summary>
    /// True when <paramref name="monotonicNs"/> lies within the span of received epochs widened by
    /// <paramref name="holdoverNs"/> on both sides: GNSS time is trusted to map it.
    /// </summary>
    public bool CoversMonotonic(long monotonicNs, long holdoverNs) =>
        Count > 0
        && monotonicNs >= this[0].MonotonicNs - holdoverNs
        && monotonicNs <= this[Count - 1].MonotonicNs + holdoverNs;
}
