using System.Buffers;
using System.Diagnostics;
using Telemetry.Drivers.Pty;
using Telemetry.Protocols.Detector;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Benchmarks.Gateway;

/// <summary>
/// One deminer's two devices on real pseudo-terminals, written at field rates: an RTK GNSS receiver (RMC, GST, GGA
/// every 100 ms — domain §9 "rovers at 10 Hz"; GGA last, so it closes the epoch) and a detector adapter ($PXDMD samples
/// at <see cref="SampleHz"/>, $PXDMS at 1 Hz, $PXDMA onset/offset pairs at Poisson-distributed moments). Every alarm
/// onset's last-byte-written instant and every GGA's are recorded on the Stopwatch clock the subscriber also uses.
/// </summary>
internal sealed class LatencyFeed : IDisposable
{
    private const double EpochSeconds = 0.1;
    private readonly ArrayBufferWriter<byte> _line = new(128);
    private readonly Random _random;
    private readonly double _alarmsPerSecond;
    private readonly DateTime _utcBase = DateTime.UtcNow;
    private readonly long _start;
    private double _nextEpoch;
    private double _nextSample;
    private double _nextStatus;
    private double _nextAlarm;
    private double _pendingOffset = double.MaxValue;
    private ushort _adapterSequence;
    private int _eventId;

    public LatencyFeed(string name, string directory, int sampleHz, double alarmsPerSecond, int seed, long start)
    {
        Name = name;
        Gnss = PseudoTerminal.Open(Path.Combine(directory, name + "-gnss"));
        Detector = PseudoTerminal.Open(Path.Combine(directory, name + "-detector"));
        SampleHz = sampleHz;
        _alarmsPerSecond = alarmsPerSecond;
        _random = new Random(seed);
        _start = start;
        _nextAlarm = 2 + NextExponential(); // let the device clock mapper and the track settle first
    }

    public string Name { get; }

    public PseudoTerminal Gnss { get; }

    public PseudoTerminal Detector { get; }

    public int SampleHz { get; }

    /// <summary>Event id → Stopwatch timestamp right after the onset's last byte was written.</summary>
    public Dictionary<int, long> AlarmWritten { get; } = [];

    /// <summary>Stopwatch timestamps right after each GGA (epoch-closing sentence) was written, ascending.</summary>
    public List<long> EpochWritten { get; } = new(16384);

    /// <summary>Alarm onsets written so far.</summary>
    public int Alarms => AlarmWritten.Count;

    /// <summary>Writes everything due at <paramref name="now"/> seconds since start. Returns true when an onset was written.</summary>
    public bool Step(double now, bool alarmsAllowed)
    {
        var alarm = false;
        while (_nextEpoch <= now)
        {
            WriteEpoch(_nextEpoch);
            _nextEpoch += EpochSeconds;
        }

        while (_nextSample <= now)
        {
            WriteSample();
            _nextSample += 1.0 / SampleHz;
        }

        if (_nextStatus <= now)
        {
            WriteStatus();
            _nextStatus += 1;
        }

        if (_pendingOffset <= now)
        {
            WriteAlarm(DetectorEdge.Offset, (int)(_random.NextDouble() * 600) + 200);
            _pendingOffset = double.MaxValue;
        }

        if (alarmsAllowed && _nextAlarm <= now)
        {
            _eventId = (_eventId + 1) & 0xFFFF;
            WriteAlarm(DetectorEdge.Onset, null);
            AlarmWritten[_eventId] = Stopwatch.GetTimestamp();
            _pendingOffset = now + 0.3;
            _nextAlarm = now + NextExponential();
            alarm = true;
        }

        return alarm;
    }

    public void Dispose()
    {
        Gnss.Dispose();
        Detector.Dispose();
    }

    private double NextExponential() => -Math.Log(1 - _random.NextDouble()) / _alarmsPerSecond;

    private void WriteEpoch(double t)
    {
        var utc = _utcBase.AddSeconds(t);
        var time = TimeOnly.FromDateTime(utc);
        // A deminer advancing slowly along the lane near the default scenario's site (≈ 39.993 N, 46.930 E).
        var lat = 39.993 + (t * 0.02 / 111_000);
        var lon = 46.930 + (Math.Sin(t) * 0.3 / 85_000);
        _line.ResetWrittenCount();
        NmeaWriter.WriteRmc(_line, NmeaTalker.Gnss, new RmcData
        {
            Time = time, Status = (byte)'A', Latitude = lat, Longitude = lon, SpeedKnots = 0.04, CourseTrue = 0,
            Date = DateOnly.FromDateTime(utc), Mode = (byte)'R',
        });
        NmeaWriter.WriteGst(_line, NmeaTalker.Gnss, new GstData
        {
            Time = time, RangeRms = 0.01, SigmaMajor = 0.02, SigmaMinor = 0.015, Orientation = 30, SigmaLatitude = 0.018, SigmaLongitude = 0.016, SigmaAltitude = 0.03,
        });
        Write(Gnss);
        _line.ResetWrittenCount();
        NmeaWriter.WriteGga(_line, NmeaTalker.Gnss, new GgaData
        {
            Time = time, Latitude = lat, Longitude = lon, Quality = GnssFixQuality.RtkFixed, SatellitesUsed = 18, Hdop = 0.7,
            AltitudeMsl = 410.2, GeoidSeparation = -12.1, DifferentialAge = 1, DifferentialStation = 1,
        });
        Write(Gnss);
        EpochWritten.Add(Stopwatch.GetTimestamp());
    }

    private void WriteSample()
    {
        _line.ResetWrittenCount();
        DetectorWriter.WriteSample(_line, new DetectorSample
        {
            Header = Header(), MetalAmplitude = 30 + _random.Next(20), GprEnergy = 10 + _random.Next(10), Sensitivity = 7, BatteryPercent = 86,
            AlarmLevel = _pendingOffset < double.MaxValue ? DetectorAlarmLevel.Dual : DetectorAlarmLevel.None,
        });
        Write(Detector);
    }

    private void WriteStatus()
    {
        _line.ResetWrittenCount();
        DetectorWriter.WriteStatus(_line, new DetectorStatus
        {
            Header = Header(), DeviceId = 1, Model = DetectorModel.From("SIM"), BatteryVolts = 7.4, BatteryPercent = 86, DualSensor = true, GroundBalance = 1, SelfTestFlags = 0, FaultMask = 0,
        });
        Write(Detector);
    }

    private void WriteAlarm(DetectorEdge edge, int? durationMs)
    {
        _line.ResetWrittenCount();
        DetectorWriter.WriteAlarm(_line, new DetectorAlarm
        {
            Header = Header(), EventId = _eventId, Edge = edge, Class = DetectorAlarmClass.Dual, PeakMetal = 640, PeakGpr = 410, DurationMs = durationMs,
        });
        Write(Detector);
    }

    /// <summary>The adapter's uptime is this process's Stopwatch: the instant it stamps the line.</summary>
    private DetectorHeader Header()
    {
        var uptimeMs = (long)Stopwatch.GetElapsedTime(_start).TotalMilliseconds + 1000;
        return new DetectorHeader(_adapterSequence++, uptimeMs);
    }

    private void Write(PseudoTerminal device)
    {
        device.Master.Write(_line.WrittenSpan);
        device.Master.Flush();
    }
}
