using Telemetry.Geo.Detections;
using Telemetry.Geo.Gnss;
using Telemetry.Geo.Time;

namespace Telemetry.Geo.Geotagging;

/// <summary>
/// Geotags detections of one rig against its GNSS track: maps the event's monotonic time to GNSS time, finds the
/// fixes around it, interpolates (or extrapolates within the limit, or holds, or flags stale), applies the lever arm
/// by heading, and states the accuracy. Allocation-free; single-threaded like <see cref="GnssTrack"/>.
/// </summary>
public sealed partial class Geotagger
{
    private readonly GeotagOptions _options;
    private readonly long _maxFixAgeNs;
    private readonly long _maxExtrapolationNs;
    private readonly long _holdoverNs;

    /// <summary>Creates a geotagger; validates <paramref name="options"/> (throws naming the bad key).</summary>
    public Geotagger(GeotagOptions options, GnssTrack track, RigClock clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(clock);
        options.Validate();
        _options = options;
        Track = track;
        Clock = clock;
        _maxFixAgeNs = options.MaxFixAge.Ticks * 100;
        _maxExtrapolationNs = options.MaxExtrapolation.Ticks * 100;
        _holdoverNs = options.GnssTimeHoldover.Ticks * 100;
    }

    /// <summary>The track fixes are added to.</summary>
    public GnssTrack Track { get; }

    /// <summary>The rig's clock (sequence, ids, jump detection).</summary>
    public RigClock Clock { get; }

    /// <summary>
    /// True when a fix at or after the event exists, so <see cref="Geotag"/> will interpolate rather than
    /// extrapolate. A pipeline may hold a detection until this is true or a short deadline passes.
    /// </summary>
    public bool CanInterpolate(long eventMonotonicNs)
    {
        if (!TryEventUtc(eventMonotonicNs, out var utc, out _))
        {
            return false;
        }

        Track.Bracket(utc, out _, out var after);
        return after >= 0;
    }

    /// <summary>
    /// True when the event lies after the newest fix, within <see cref="GeotagOptions.MaxExtrapolation"/>, and
    /// extrapolating to it from the newest fix's velocity adds an error bound of at most
    /// <see cref="GeotagOptions.ExtrapolateWithinM"/>: a pipeline may then geotag at once rather than hold the
    /// detection for the next epoch. The record says "extrapolated" and its accuracy includes the bound.
    /// </summary>
    public bool CanExtrapolateWithin(long eventMonotonicNs)
    {
        if (_options.ExtrapolateWithinM <= 0 || !TryEventUtc(eventMonotonicNs, out var utc, out var isGnssTime) || !isGnssTime)
        {
            return false;
        }

        Track.Bracket(utc, out var before, out var after);
        if (before < 0 || after >= 0)
        {
            return false;
        }

        ref readonly var newest = ref Track[before];
        var dt = (utc - newest.UtcNs) * 1e-9;
        return utc - newest.UtcNs <= _maxExtrapolationNs
            && double.IsFinite(newest.SpeedMps) && double.IsFinite(newest.CourseDeg)
            && ExtrapolationBound(newest.SpeedMps, dt) <= _options.ExtrapolateWithinM;
    }

    /// <summary>
    /// Geotags and stamps a detection: assigns its sequence number and id, its UTC and clock source, and its position.
    /// <paramref name="now"/> is a reading of the gateway clocks taken now (used for jump detection and as the time
    /// source when GNSS time is unavailable).
    /// </summary>
    public GeotaggedDetection Geotag(in DetectionInput input, in SystemClockSample now)
    {
        var jumped = Clock.Observe(now);
        long utc;
        ClockSource source;
        if (TryEventUtc(input.MonotonicNs, out var gnssUtc, out var gnssTime) && gnssTime)
        {
            utc = gnssUtc;
            source = ClockSource.Gnss;
        }
        else
        {
            utc = now.UtcNs - (now.MonotonicNs - input.MonotonicNs);
            source = now.Synchronised ? ClockSource.SystemSynchronised : ClockSource.Unsynchronised;
        }

        // Position lookup always uses GNSS time: when GNSS time has lapsed the track's own (stale) mapping still says
        // how old the last fix is, whatever the system clock believes.
        var position = Track.Count == 0
            ? GeoPosition.Unknown(Track.Source)
            : Locate(gnssUtc);
        var sequence = Clock.Next(utc, out var id);
        return new GeotaggedDetection
        {
            Input = input,
            Id = id,
            Sequence = sequence,
            UtcNs = utc,
            ClockSource = source,
            ClockJumped = jumped,
            Position = position,
        };
    }

    // GNSS UTC of a monotonic time. isGnssTime is false when the event lies outside the track's span + holdover:
    // the offset is then still the best estimate for finding (stale) fixes, but not trusted as the record's clock.
    private bool TryEventUtc(long monotonicNs, out long utcNs, out bool isGnssTime)
    {
        if (!Track.TryGetUtcOffset(out var offset))
        {
            utcNs = 0;
            isGnssTime = false;
            return false;
        }

        utcNs = monotonicNs + offset;
        isGnssTime = Track.CoversMonotonic(monotonicNs, _holdoverNs);
        return true;
    }
}
