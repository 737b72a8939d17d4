using System.Buffers;
using Telemetry.Geo.Detections;
using Telemetry.Geo.Time;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.J1939;
using Telemetry.Protocols.Slcan;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// Decoder stage of a machine's CAN bus through a USB–SLCAN adapter (framer → here): SLCAN line → CAN frame →
/// J1939 (transport-protocol sessions reassembled) → the parameter groups of the catalog (docs/protocols/mematt.md).
/// The latest value of every parameter forms the machine state, published as telemetry at the configured rate;
/// a rise of the MEMATT detonation counter (MEMATT_SHOCK) is a detonation under the tiller and becomes a detection.
/// Never throws on content: malformed lines, unknown groups and transport errors are counted by reason.
/// </summary>
internal sealed class SlcanDeviceDecoder
{
    private readonly string _device;
    private readonly GatewayClock _clock;
    private readonly GatewayCounters _counters;
    private readonly TelemetryBuffer _telemetry;
    private readonly DetectionSink _sink;
    private readonly long _telemetryPeriodNs;
    private readonly J1939TransportReassembler _transport = new();
    private readonly DeviceClockMapper _adapterClock = new();
    private readonly byte[] _scratch = new byte[SlcanFramer.MaxLineLength];
    private readonly MachineState _state = new();
    private long _adapterMs;
    private ushort _lastStamp;
    private bool _stamped;
    private long _lastOfferNs = long.MinValue;
    private long? _detonationCount;

    public SlcanDeviceDecoder(string device, GatewayClock clock, GatewayCounters counters, TelemetryBuffer telemetry, DetectionSink sink, double telemetryHz)
    {
        _device = device;
        _clock = clock;
        _counters = counters;
        _telemetry = telemetry;
        _sink = sink;
        _telemetryPeriodNs = (long)(1e9 / telemetryHz);
    }

    public void OnFrame(in ReadOnlySequence<byte> frame)
    {
        var now = _clock.MonotonicNs();
        var span = FrameBytes.Contiguous(frame, _scratch);
        if (!SlcanReader.TryRead(span, out var message, out var error))
        {
            _counters.Add("slcan_undecodable_" + error.ToString().ToLowerInvariant(), 1, _device);
            return;
        }

        switch (message.Kind)
        {
            case SlcanKind.Data:
                OnData(message, span, now);
                break;
            case SlcanKind.Status:
                // Fxx flags (domain.md §3.5): bit 3 data overrun = frames lost inside the adapter.
                _counters.Add("slcan_status_reports", 1, _device);
                if ((message.Value & 0x08) != 0)
                {
                    _counters.Add("slcan_adapter_overruns", 1, _device);
                }

                if ((message.Value & 0xA0) != 0)
                {
                    _counters.Add("can_bus_errors", 1, _device);
                }

                break;
            case SlcanKind.Error:
                _counters.Add("slcan_adapter_errors", 1, _device);
                break;
            default:
                _counters.Add("slcan_other_lines", 1, _device);
                break;
        }
    }

    private void OnData(in SlcanMessage message, ReadOnlySpan<byte> raw, long now)
    {
        var eventNs = EventTime(message, now);
        var can = message.Frame;
        if (!can.IsExtended)
        {
            // J1939 uses 29-bit identifiers only (J1939-21); 11-bit traffic on the bus is someone else's.
            _counters.Add("can_standard_frames_ignored", 1, _device);
            return;
        }

        _counters.Add("can_frames", 1, _device);
        var id = J1939Id.FromCanId(can.Id);
        var outcome = _transport.Accept(id, can.Data, _adapterMs, out var reassembled, out var transportError);
        switch (outcome)
        {
            case J1939TransportOutcome.NotTransport:
                OnGroup(id.Pgn, can.Data, raw, eventNs, now);
                break;
            case J1939TransportOutcome.Completed:
                _counters.Add("j1939_transport_messages", 1, _device);
                OnGroup(reassembled.Id.Pgn, reassembled.Data, raw, eventNs, now);
                break;
            case J1939TransportOutcome.Rejected:
                _counters.Add("j1939_transport_rejected_" + transportError.ToString().ToLowerInvariant(), 1, _device);
                break;
            default:
                break; // a packet of a session still in progress
        }
    }

    private void OnGroup(uint pgn, ReadOnlySpan<byte> data, ReadOnlySpan<byte> raw, long eventNs, long now)
    {
        if (!J1939Catalog.TryGet(pgn, out var group))
        {
            _counters.Add("j1939_unknown_pgn", 1, _device);
            return;
        }

        _counters.Add("j1939_groups_decoded", 1, _device);
        for (var i = 0; i < group.Parameters.Count; i++)
        {
            var parameter = group[i];
            if (parameter.TryRead(data, out var value))
            {
                _state.Set(parameter, value);
            }
        }

        var detonated = false;
        if (group.Pgn == J1939Catalog.MemattShock.Pgn && J1939Catalog.DetonationCount.TryRead(data, out var count))
        {
            detonated = OnDetonationCount((long)count, raw, eventNs, now);
        }

        if (detonated || now - _lastOfferNs >= _telemetryPeriodNs || _lastOfferNs == long.MinValue)
        {
            _lastOfferNs = now;
            _telemetry.Offer($"telemetry/{_device}", _state.ToJson(_device, _clock.Utc.GetUtcNow()));
        }
    }

    // The controller's counter is cumulative since commissioning: the first value seen is the baseline, each rise by n
    // is n detonations at this frame's time; a fall means the controller was reset (new baseline, counted).
    private bool OnDetonationCount(long count, ReadOnlySpan<byte> raw, long eventNs, long now)
    {
        if (_detonationCount is not { } last || count < last)
        {
            if (_detonationCount is not null)
            {
                _counters.Add("machine_detonation_counter_resets", 1, _device);
            }

            _detonationCount = count;
            return false;
        }

        _detonationCount = count;
        for (var n = last + 1; n <= count; n++)
        {
            _sink.Submit(new DetectionInput(_device, DetectionKind.Detonation, eventNs, new DetectionSignal { EventId = n }, raw.ToArray(), "slcan"), now);
        }

        return count > last;
    }

    // Adapter timestamps (Z1 mode: ms, wrapping at 60 000) are unrolled into a running clock and mapped onto the
    // gateway's monotonic clock (minimum-delay filter), so an event is timed when the bus saw it, not when it was read.
    private long EventTime(in SlcanMessage message, long now)
    {
        if (!message.HasTimestamp)
        {
            return now;
        }

        if (_stamped)
        {
            var delta = message.TimestampMs - _lastStamp;
            _adapterMs += delta >= 0 ? delta : delta + 60_000;
        }

        _lastStamp = message.TimestampMs;
        _stamped = true;
        var deviceNs = _adapterMs * 1_000_000;
        _adapterClock.Observe(deviceNs, now);
        return _adapterClock.TryToMonotonic(deviceNs, out var mapped) ? mapped : now;
    }

    /// <summary>Adapter for <see cref="FrameReaderLoop"/>.</summary>
    public readonly struct Handler(SlcanDeviceDecoder decoder, GatewayCounters counters, string device) : IFrameHandler
    {
        public void OnFrame(in ReadOnlySequence<byte> frame) => decoder.OnFrame(frame);

        public void OnRejected(FrameError error, long byteCount) => counters.Add("frames_rejected_" + error.ToString().ToLowerInvariant(), 1, device);
    }
}
