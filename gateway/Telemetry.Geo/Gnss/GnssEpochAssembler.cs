namespace Telemetry.Geo.Gnss;

/// <summary>
/// Builds one <see cref="GnssFix"/> per receiver epoch from the separate NMEA sentences of that epoch and keeps the
/// track up to date as they arrive: GGA (position, quality, satellites, HDOP, altitude), RMC (date, validity, speed,
/// course), GST (σ), VTG (speed, course), HDT (heading), GSA (PDOP). Sentences carrying a time start a new epoch when
/// their time differs from the current one; VTG, HDT and GSA carry none and complete the current epoch. Every update
/// with a position re-adds the epoch, which the track stores once and then replaces (same epoch time), so a
/// detection sees the most complete fix available whatever the receiver's sentence order.
/// Takes plain values so it does not depend on any parser's types. Allocation-free; not thread-safe.
/// </summary>
public sealed class GnssEpochAssembler
{
    private const double KnotsToMps = 1852.0 / 3600.0;
    private const double KmhToMps = 1000.0 / 3600.0;
    private static readonly long DayNs = TimeSpan.FromDays(1).Ticks * 100;

    private readonly GnssTrack _track;
    private GnssFix _epoch;
    private long _timeOfDayNs = -1;
    private DateOnly? _date;
    private bool _hasPosition;

    /// <summary>Creates an assembler feeding <paramref name="track"/>.</summary>
    public GnssEpochAssembler(GnssTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        _track = track;
    }

    /// <summary>Epochs with a position that could not be stored because no RMC date has been seen yet.</summary>
    public long EpochsWithoutDate { get; private set; }

    /// <summary>Maps an NMEA two-digit year: 80–99 → 19yy, 00–79 → 20yy (a 19xx result is then a rollover candidate).</summary>
    public static int YearFromTwoDigits(int yy) => yy >= 80 ? 1900 + yy : 2000 + yy;

    /// <summary>GGA: position and fix quality of the epoch at <paramref name="timeOfDay"/> (UTC).</summary>
    public TrackAddResult? OnGga(
        TimeSpan timeOfDay, double latitudeDeg, double longitudeDeg, int quality, int satellites, double hdop,
        double altitudeMsl, double geoidSeparation, long receivedMonotonicNs)
    {
        Begin(timeOfDay, receivedMonotonicNs);
        _epoch = _epoch with
        {
            Latitude = latitudeDeg,
            Longitude = longitudeDeg,
            FixType = GnssFixTypes.FromGgaQuality(quality),
            Satellites = satellites,
            Hdop = hdop,
            AltitudeMsl = altitudeMsl,
            GeoidSeparation = geoidSeparation,
        };
        _hasPosition = true;
        return Publish();
    }

    /// <summary>
    /// RMC: date, validity (status A/V), position, speed (knots) and course (° true). posMode (NMEA 2.3+; '\0' if absent)
    /// sets the fix type only until a GGA of the same epoch gives its quality.
    /// </summary>
    public TrackAddResult? OnRmc(
        TimeSpan timeOfDay, DateOnly date, bool valid, double latitudeDeg, double longitudeDeg, double speedKnots,
        double courseDeg, char posMode, long receivedMonotonicNs)
    {
        Begin(timeOfDay, receivedMonotonicNs);
        _date = date;
        _epoch = _epoch with
        {
            UtcNs = UtcOf(date, _timeOfDayNs),
            SpeedMps = speedKnots * KnotsToMps,
            CourseDeg = courseDeg,
        };
        if (!_hasPosition)
        {
            _epoch = _epoch with
            {
                Latitude = latitudeDeg,
                Longitude = longitudeDeg,
                FixType = valid ? FromPosMode(posMode) : GnssFixType.None,
            };
            _hasPosition = true;
        }
        else if (!valid)
        {
            _epoch = _epoch with { FixType = GnssFixType.None };
        }

        return Publish();
    }

    /// <summary>GST: σ of latitude, longitude and altitude error, metres.</summary>
    public TrackAddResult? OnGst(TimeSpan timeOfDay, double sigmaLatitude, double sigmaLongitude, double sigmaAltitude, long receivedMonotonicNs)
    {
        Begin(timeOfDay, receivedMonotonicNs);
        _epoch = _epoch with { SigmaLatitude = sigmaLatitude, SigmaLongitude = sigmaLongitude, SigmaAltitude = sigmaAltitude };
        return Publish();
    }

    /// <summary>VTG: course (° true) and speed (km/h) of the current epoch.</summary>
    public TrackAddResult? OnVtg(double courseDeg, double speedKmh)
    {
        _epoch = _epoch with { CourseDeg = courseDeg, SpeedMps = speedKmh * KmhToMps };
        return Publish();
    }

    /// <summary>HDT: true heading of the current epoch, degrees.</summary>
    public TrackAddResult? OnHdt(double headingDeg)
    {
        _epoch = _epoch with { HeadingDeg = headingDeg };
        return Publish();
    }

    /// <summary>GSA: PDOP of the current epoch.</summary>
    public TrackAddResult? OnGsa(double pdop)
    {
        _epoch = _epoch with { Pdop = pdop };
        return Publish();
    }

    private void Begin(TimeSpan timeOfDay, long receivedMonotonicNs)
    {
        var tod = timeOfDay.Ticks * 100;
        if (tod == _timeOfDayNs)
        {
            // Same epoch: the earliest arrival is the least delayed (see GnssTrack.TryGetUtcOffset).
            _epoch = _epoch with { MonotonicNs = Math.Min(_epoch.MonotonicNs, receivedMonotonicNs) };
            return;
        }

        if (_date is { } d && _timeOfDayNs >= 0 && tod < _timeOfDayNs - (DayNs / 2))
        {
            _date = d.AddDays(1); // passed midnight before the new day's RMC arrived
        }

        _timeOfDayNs = tod;
        _hasPosition = false;
        _epoch = new GnssFix(_date is { } date ? UtcOf(date, tod) : 0, receivedMonotonicNs, double.NaN, double.NaN, GnssFixType.None);
    }

    private TrackAddResult? Publish()
    {
        if (!_hasPosition || _timeOfDayNs < 0)
        {
            return null;
        }

        if (_date is null)
        {
            EpochsWithoutDate++;
            return null;
        }

        return _track.Add(_epoch);
    }

    private static long UtcOf(DateOnly date, long timeOfDayNs) =>
        GnssFix.ToUtcNs(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)) + timeOfDayNs;

    // RMC/GNS positioning mode (NMEA 0183 v2.3+): A autonomous, D differential, F RTK float, R RTK fixed,
    // E estimated (dead reckoning), M manual, S simulator, N no fix.
    private static GnssFixType FromPosMode(char mode) => mode switch
    {
        'A' => GnssFixType.Autonomous,
        'D' => GnssFixType.Dgps,
        'F' => GnssFixType.RtkFloat,
        'R' => GnssFixType.RtkFixed,
        'E' => GnssFixType.DeadReckoning,
        'M' => GnssFixType.Manual,
        'S' => GnssFixType.Simulation,
        'N' => GnssFixType.None,
        _ => GnssFixType.Autonomous, // NMEA before 2.3 has no mode: a valid RMC is at least autonomous
    };
}
