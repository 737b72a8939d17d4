using System.Buffers;
using System.Threading.Channels;
using Telemetry.Gateway.Configuration;
using Telemetry.Geo.Detections;
using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Time;
using Telemetry.Protocols.Detector;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// Decoder stage of one NMEA 0183 device (framer → here): GNSS sentences feed the device's epoch assembler, detector
/// sentences ($PXDM, docs/protocols/detector.md) become detections (alarm onsets, operator marks) and status telemetry.
/// Runs on the device's own loop; never throws on content — unknown or malformed sentences are counted and skipped.
/// </summary>
internal sealed class NmeaDeviceDecoder
{
    private readonly DeviceOptions _device;
    private readonly GatewayClock _clock;
    private readonly GatewayCounters _counters;
    private readonly ChannelWriter<PendingDetection> _detections;
    private readonly TelemetryBuffer _telemetry;
    private readonly DeviceClockMapper _deviceClock = new();
    private readonly byte[] _scratch = new byte[NmeaFramer.MaxLength];
    private readonly GnssEpochAssembler? _ownGnss;
    private readonly Func<GnssEpochAssembler?> _positionSource;
    private readonly Geotagger? _geotagger;
    private long _lastPositionOfferNs = long.MinValue / 2;

    public NmeaDeviceDecoder(
        DeviceOptions device,
        GatewayClock clock,
        GatewayCounters counters,
        ChannelWriter<PendingDetection> detections,
        TelemetryBuffer telemetry,
        GnssEpochAssembler? ownGnss,
        Func<GnssEpochAssembler?> positionSource,
        Geotagger? geotagger)
    {
        _device = device;
        _clock = clock;
        _counters = counters;
        _detections = detections;
        _telemetry = telemetry;
        _ownGnss = ownGnss;
        _positionSource = positionSource;
        _geotagger = geotagger;
    }

    /// <summary>Positions offered per second (Telemetry:PositionHz): one per epoch would be 10 Hz of QoS 0 traffic.</summary>
    public double PositionHz { get; init; } = 1;

    /// <summary>Set when the detector's alarm/mark lines are also read on GPIO: alarms and marks are reconciled there.</summary>
    public GpioAlarmReconciler? Gpio { get; init; }

    public void OnFrame(in ReadOnlySequence<byte> frame)
    {
        var now = _clock.MonotonicNs();
        Gpio?.Expire(now);
        var span = FrameBytes.Contiguous(frame, _scratch);
        if (!NmeaReader.TryCreate(span, out var reader))
        {
            _counters.Add("sentences_undecodable", 1, _device.Name);
            return;
        }

        if (DetectorReader.KindOf(reader) != DetectorSentenceKind.None)
        {
            OnDetectorSentence(ref reader, span, now);
            return;
        }

        if (_ownGnss is null)
        {
            _counters.Add("sentences_ignored", 1, _device.Name);
            return;
        }

        // NMEA 0183 §6.3: address field = talker (2) + formatter (3); GGA/RMC/GST/HDT per nmea.md.
        var formatter = reader.Formatter;
        if (formatter.SequenceEqual("GGA"u8) && reader.TryReadGga(out var gga))
        {
            if (_ownGnss.OnGga(gga, now))
            {
                PublishPosition();
            }
        }
        else if (formatter.SequenceEqual("RMC"u8) && reader.TryReadRmc(out var rmc))
        {
            _ownGnss.OnRmc(rmc, now);
        }
        else if (formatter.SequenceEqual("GST"u8) && reader.TryReadGst(out var gst))
        {
            _ownGnss.OnGst(gst, now);
        }
        else if (formatter.SequenceEqual("HDT"u8) && reader.TryReadHdt(out var hdt))
        {
            _ownGnss.OnHdt(hdt, now);
        }
        else
        {
            _counters.Add("sentences_ignored", 1, _device.Name);
            return;
        }

        _counters.Add("sentences_decoded", 1, _device.Name);
    }

    private void OnDetectorSentence(ref NmeaReader sentence, ReadOnlySpan<byte> raw, long now)
    {
        if (!DetectorReader.TryCreate(ref sentence, out var reader))
        {
            _counters.Add("sentences_undecodable", 1, _device.Name);
            return;
        }

        // The adapter's uptime maps its own clock onto ours (detector.md §3: header = seq, uptime seconds).
        var deviceNs = reader.Header.UptimeMs * 1_000_000;
        _deviceClock.Observe(deviceNs, now);
        var eventNs = _deviceClock.TryToMonotonic(deviceNs, out var mapped) ? mapped : now;
        _counters.Add("sentences_decoded", 1, _device.Name);
        switch (reader.Kind)
        {
            case DetectorSentenceKind.Alarm when reader.TryReadAlarm(out var alarm):
                if (alarm.Edge == DetectorEdge.Onset)
                {
                    var kind = alarm.Class switch
                    {
                        DetectorAlarmClass.Gpr => DetectionKind.Gpr,
                        DetectorAlarmClass.Dual => DetectionKind.Dual,
                        _ => DetectionKind.Metal,
                    };
                    Enqueue(kind, eventNs, new DetectionSignal
                    {
                        EventId = alarm.EventId,
                        MdAmplitude = alarm.PeakMetal,
                        GprEnergy = alarm.PeakGpr,
                        DurationMs = alarm.DurationMs,
                    }, raw, now);
                }

                break;
            case DetectorSentenceKind.Mark when reader.TryReadMark(out var mark):
                Enqueue(DetectionKind.OperatorMark, eventNs, new DetectionSignal { EventId = mark.EventId, OperatorMark = true }, raw, now);
                break;
            case DetectorSentenceKind.Status when reader.TryReadStatus(out var status):
                _telemetry.Offer($"telemetry/{_device.Name}", TelemetryJson.DetectorStatus(_device.Name, status, _clock.Utc.GetUtcNow()));
                break;
            case DetectorSentenceKind.Fault when reader.TryReadFault(out var fault):
                _counters.Add("detector_faults", 1, _device.Name);
                _telemetry.Offer($"telemetry/{_device.Name}/fault", TelemetryJson.DetectorFault(_device.Name, fault, _clock.Utc.GetUtcNow()));
                break;
            default:
                break;
        }
    }

    private void Enqueue(DetectionKind kind, long eventNs, DetectionSignal signal, ReadOnlySpan<byte> raw, long now)
    {
        var gnss = _positionSource();
        if (_geotagger is null || gnss is null)
        {
            _counters.Add("detections_without_position_source", 1, _device.Name);
            return;
        }

        var input = new DetectionInput(_device.Name, kind, eventNs, signal, raw.ToArray(), "nmea0183");
        if (Gpio is not null)
        {
            Gpio.OnSentence(input, now);
            return;
        }

        _counters.Add("detections_decoded", 1, _device.Name);
        // Never dropped: when the geotag stage is behind, this device loop waits (bounded channel, Wait mode).
        if (!_detections.TryWrite(new PendingDetection(input, _geotagger, gnss, now)))
        {
            _detections.WriteAsync(new PendingDetection(input, _geotagger, gnss, now)).AsTask().GetAwaiter().GetResult();
        }
    }

    private void PublishPosition()
    {
        var now = _clock.MonotonicNs();
        if (_ownGnss?.Latest is not { } fix || now - _lastPositionOfferNs < (long)(1e9 / PositionHz))
        {
            return;
        }

        _lastPositionOfferNs = now;
        _telemetry.Offer($"telemetry/{_device.Name}", TelemetryJson.Position(_device.Name, fix));
    }

    /// <summary>Adapter for <see cref="FrameReaderLoop"/> (a struct so the loop's generic call is devirtualised).</summary>
    public readonly struct Handler(NmeaDeviceDecoder decoder, GatewayCounters counters, string device) : IFrameHandler
    {
        public void OnFrame(in ReadOnlySequence<byte> frame) => decoder.OnFrame(frame);

        public void OnRejected(FrameError error, long byteCount) => counters.Add("frames_rejected_" + error.ToString().ToLowerInvariant(), 1, device);
    }
}
