using System.Buffers;
using Telemetry.Geo.Detections;
using Telemetry.Geo.Gnss;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Mavlink.Messages;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// Decoder stage of a drone's MAVLink 2 link (framer, which checked CRC and signatures → here). GPS_RAW_INT feeds the
/// drone's own GNSS track with its stated accuracy (h_acc, else eph as HDOP); HEARTBEAT, SYS_STATUS, ATTITUDE and
/// GLOBAL_POSITION_INT form the drone state, published as telemetry at the configured rate; SURVEY_DETECTION from
/// the payload computer becomes a drone-anomaly detection, geotagged against the drone's track at its own time.
/// Never throws on content; unknown messages and sequence gaps are counted.
/// </summary>
internal sealed class MavlinkDeviceDecoder
{
    // GPS_RAW_INT.time_usec is UTC when the receiver has time, else time since boot: anything before 2015 is boot time.
    private const ulong UnixMicros2015 = 1_420_070_400_000_000;
    private readonly string _device;
    private readonly GatewayClock _clock;
    private readonly GatewayCounters _counters;
    private readonly TelemetryBuffer _telemetry;
    private readonly DetectionSink _sink;
    private readonly GnssEpochAssembler _track;
    private readonly long _telemetryPeriodNs;
    private readonly byte[] _scratch = new byte[MavlinkConstants.MaxFrameLength];
    private readonly Dictionary<ushort, byte> _sequences = [];
    private readonly DroneState _state = new();
    private long _lastOfferNs = long.MinValue;

    public MavlinkDeviceDecoder(string device, GatewayClock clock, GatewayCounters counters, TelemetryBuffer telemetry, DetectionSink sink, GnssEpochAssembler track, double telemetryHz)
    {
        _device = device;
        _clock = clock;
        _counters = counters;
        _telemetry = telemetry;
        _sink = sink;
        _track = track;
        _telemetryPeriodNs = (long)(1e9 / telemetryHz);
    }

    public void OnFrame(in ReadOnlySequence<byte> frame)
    {
        var now = _clock.MonotonicNs();
        var span = FrameBytes.Contiguous(frame, _scratch);
        if (!MavlinkReader.TryCreate(span, out var reader))
        {
            _counters.Add("mavlink_undecodable", 1, _device);
            return;
        }

        TrackSequence(reader.Header);
        if (!reader.IsKnown)
        {
            _counters.Add("mavlink_unknown_messages", 1, _device);
            return;
        }

        _counters.Add("mavlink_messages", 1, _device);
        if (reader.TryRead(out GpsRawInt gps))
        {
            OnGps(gps, now);
        }
        else if (reader.TryRead(out SurveyDetection detection))
        {
            OnSurveyDetection(detection, span, now);
        }
        else if (reader.TryRead(out GlobalPositionInt position))
        {
            _state.Position = position;
        }
        else if (reader.TryRead(out Attitude attitude))
        {
            _state.Attitude = attitude;
        }
        else if (reader.TryRead(out SysStatus status))
        {
            _state.Status = status;
        }
        else if (reader.TryRead(out Heartbeat heartbeat))
        {
            _state.Heartbeat = heartbeat;
        }

        if (now - _lastOfferNs >= _telemetryPeriodNs || _lastOfferNs == long.MinValue)
        {
            _lastOfferNs = now;
            _telemetry.Offer($"telemetry/{_device}", _state.ToJson(_device, _clock.Utc.GetUtcNow()));
        }
    }

    private void OnGps(in GpsRawInt gps, long now)
    {
        _state.Gps = gps;
        if (gps.TimeUsec < UnixMicros2015)
        {
            _counters.Add("gnss_epochs_unusable", 1, _device); // no UTC: the epoch cannot be placed in time
            return;
        }

        var utcNs = (long)gps.TimeUsec * 1000;
        var sigma = gps.HAcc > 0 ? gps.HAcc / 1000.0 : double.NaN;
        var fix = new GnssFix(utcNs, now, gps.Lat * 1e-7, gps.Lon * 1e-7, FixTypeOf(gps.FixType))
        {
            AltitudeMsl = gps.Alt / 1000.0,
            GeoidSeparation = gps.AltEllipsoid != 0 ? (gps.AltEllipsoid - gps.Alt) / 1000.0 : double.NaN,
            Satellites = gps.SatellitesVisible == 255 ? -1 : gps.SatellitesVisible,
            Hdop = gps.Eph == ushort.MaxValue ? double.NaN : gps.Eph / 100.0,
            // h_acc is the receiver's own 1σ horizontal estimate (u-blox hAcc): used as the per-axis σ, like GST.
            SigmaLatitude = sigma,
            SigmaLongitude = sigma,
            SigmaAltitude = gps.VAcc > 0 ? gps.VAcc / 1000.0 : double.NaN,
            SpeedMps = gps.Vel == ushort.MaxValue ? double.NaN : gps.Vel / 100.0,
            CourseDeg = gps.Cog == ushort.MaxValue ? double.NaN : gps.Cog / 100.0,
        };
        _track.AddFix(fix);
    }

    private void OnSurveyDetection(in SurveyDetection detection, ReadOnlySpan<byte> raw, long now)
    {
        // The payload stamps the detection in GNSS time, the time scale of the drone's own track: the event is put on our
        // clock with the very offset the geotagger uses to map it back, so the position is looked up at exactly that
        // GNSS time, whatever the radio link's delay was.
        var utcNs = (long)detection.TimeUsec * 1000;
        long offset = 0;
        var timed = false;
        if (detection.TimeUsec >= UnixMicros2015)
        {
            lock (_track.Gate)
            {
                timed = _track.Track.TryGetUtcOffset(out offset);
            }
        }

        if (!timed)
        {
            _counters.Add("drone_detections_untimed", 1, _device); // no GNSS time yet: timed on arrival
        }

        var eventNs = timed ? utcNs - offset : now;
        var signal = new DetectionSignal { EventId = detection.DetectionId, AnomalyScore = detection.Confidence / 100.0 };
        _sink.Submit(new DetectionInput(_device, DetectionKind.DroneAnomaly, eventNs, signal, raw.ToArray(), "mavlink2"), now);
    }

    // Per (system, component) sequence numbers step by one (mod 256): a jump is frames lost on the radio link.
    private void TrackSequence(in MavlinkHeader header)
    {
        var key = (ushort)((header.SystemId << 8) | header.ComponentId);
        if (_sequences.TryGetValue(key, out var last))
        {
            var gap = (byte)(header.Sequence - last - 1);
            if (gap != 0)
            {
                _counters.Add("mavlink_frames_lost", gap, _device);
            }
        }
        else if (_sequences.Count >= 64)
        {
            return; // bounded: a flood of spoofed ids must not grow the table
        }

        _sequences[key] = header.Sequence;
    }

    // MAV GPS_FIX_TYPE: 0 no GPS, 1 no fix, 2 2D, 3 3D, 4 DGPS, 5 RTK float, 6 RTK fixed, 7 static, 8 PPP.
    internal static GnssFixType FixTypeOf(byte fixType) => fixType switch
    {
        2 or 3 => GnssFixType.Autonomous,
        4 or 8 => GnssFixType.Dgps,
        5 => GnssFixType.RtkFloat,
        6 => GnssFixType.RtkFixed,
        7 => GnssFixType.Manual,
        _ => GnssFixType.None,
    };

    /// <summary>Adapter for <see cref="FrameReaderLoop"/>.</summary>
    public readonly struct Handler(MavlinkDeviceDecoder decoder, GatewayCounters counters, string device) : IFrameHandler
    {
        public void OnFrame(in ReadOnlySequence<byte> frame) => decoder.OnFrame(frame);

        public void OnRejected(FrameError error, long byteCount) => counters.Add("frames_rejected_" + error.ToString().ToLowerInvariant(), 1, device);
    }
}
