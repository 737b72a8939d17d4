using Telemetry.Geo.Gnss;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// Turns one GNSS receiver's NMEA sentences into track epochs. GGA carries the position, quality, DOP and time of day;
/// RMC the date, course and speed; GST the σ; HDT the heading. A GGA closes the epoch: the most recent values of the
/// other sentences are attached when they are from the same second or newer, never carried over indefinitely.
/// Thread-safe: the device loop adds, the detection stage reads the track under <see cref="Gate"/>.
/// </summary>
internal sealed class GnssEpochAssembler(string device, GatewayCounters counters, PositionSource source = PositionSource.RigGnss)
{
    private static readonly TimeSpan MaxCarryOver = TimeSpan.FromSeconds(2);

    private NmeaDateTracker _dates;
    private RmcData _rmc;
    private long _rmcMonotonic;
    private GstData _gst;
    private long _gstMonotonic;
    private double? _heading;
    private long _headingMonotonic;

    public object Gate { get; } = new();

    public GnssTrack Track { get; } = new(capacity: 512, source);

    public string Device { get; } = device;

    /// <summary>Raised (outside the lock) after a fix was added to <see cref="Track"/>: waiting detections may now be geotagged.</summary>
    public event Action? EpochAdded;

    /// <summary>The newest accepted fix, for telemetry; null before the first.</summary>
    public GnssFix? Latest { get; private set; }

    public void OnRmc(in RmcData rmc, long monotonicNs)
    {
        if (rmc.Date is { } date && rmc.Time is { } time)
        {
            _dates.Observe(date, time);
        }

        _rmc = rmc;
        _rmcMonotonic = monotonicNs;
    }

    public void OnGst(in GstData gst, long monotonicNs)
    {
        _gst = gst;
        _gstMonotonic = monotonicNs;
    }

    public void OnHdt(in HdtData hdt, long monotonicNs)
    {
        _heading = hdt.Heading;
        _headingMonotonic = monotonicNs;
    }

    /// <summary>Adds a fix assembled elsewhere (a drone's MAVLink GPS_RAW_INT). Returns true when it was accepted.</summary>
    public bool AddFix(in GnssFix fix)
    {
        lock (Gate)
        {
            var result = Track.Add(fix);
            counters.Add("gnss_epochs_" + result.ToString().ToLowerInvariant(), 1, Device);
            if (result is not (TrackAddResult.Added or TrackAddResult.Replaced))
            {
                return false;
            }

            Latest = fix;
            return true;
        }
    }

    /// <summary>Closes an epoch on GGA. Returns true when a fix was added to the track.</summary>
    public bool OnGga(in GgaData gga, long monotonicNs)
    {
        if (!gga.HasFix || gga.Time is not { } time || _dates.Resolve(time) is not { } utc)
        {
            // No fix, or no date yet (RMC not seen): the epoch cannot be placed in time, so it is not used.
            counters.Add("gnss_epochs_unusable", 1, Device);
            return false;
        }

        var fresh = (long)MaxCarryOver.TotalNanoseconds;
        var fix = new GnssFix(GnssFix.ToUtcNs(utc), monotonicNs, gga.Latitude!.Value, gga.Longitude!.Value, GnssFixTypes.FromGgaQuality((int)gga.Quality!.Value))
        {
            AltitudeMsl = gga.AltitudeMsl ?? 0,
            GeoidSeparation = gga.GeoidSeparation ?? 0,
            Satellites = gga.SatellitesUsed ?? 0,
            Hdop = gga.Hdop ?? 0,
            SigmaLatitude = monotonicNs - _gstMonotonic < fresh ? _gst.SigmaLatitude ?? 0 : 0,
            SigmaLongitude = monotonicNs - _gstMonotonic < fresh ? _gst.SigmaLongitude ?? 0 : 0,
            SigmaAltitude = monotonicNs - _gstMonotonic < fresh ? _gst.SigmaAltitude ?? 0 : 0,
            CourseDeg = monotonicNs - _rmcMonotonic < fresh ? _rmc.CourseTrue ?? double.NaN : double.NaN,
            SpeedMps = monotonicNs - _rmcMonotonic < fresh && _rmc.SpeedKnots is { } knots ? knots * 0.514444 : double.NaN,
            HeadingDeg = monotonicNs - _headingMonotonic < fresh ? _heading ?? double.NaN : double.NaN,
        };

        lock (Gate)
        {
            var result = Track.Add(fix);
            counters.Add("gnss_epochs_" + result.ToString().ToLowerInvariant(), 1, Device);
            Latest = fix;
        }

        EpochAdded?.Invoke();
        return true;
    }
}
