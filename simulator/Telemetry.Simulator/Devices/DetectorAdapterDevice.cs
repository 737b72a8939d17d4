using System.Buffers;
using Telemetry.Protocols.Detector;
using Telemetry.Simulator.Core;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Rigs;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Sensing;
using Telemetry.Simulator.Truth;
using Telemetry.Simulator.World;

namespace Telemetry.Simulator.Devices;

/// <summary>
/// The detector adapter of one deminer (docs/protocols/detector.md): a sample sentence per sample, status at 1 Hz,
/// alarm onset/offset sentences, operator marks; alarm and mark on GPIO lines. Alarm rule (domain.md §2.5): the
/// smoothed metal amplitude over threshold for ≥ 3 consecutive samples; it ends below 70% of the threshold.
/// Every alarm goes to the ground truth with the head position at onset and the item that dominated the peak.
/// </summary>
internal sealed class DetectorAdapterDevice : SimDevice
{
    private const int ConsecutiveSamples = 3;
    private const double ReleaseFraction = 0.7;
    private const double BootSecondsBeforeStart = 120;
    private const double BatteryHours = 10;
    private readonly DetectorTeamSpec _team;
    private readonly Deminer _deminer;
    private readonly MetalDetectorModel _model;
    private readonly SimulationContext _context;
    private readonly SimRandom _random;
    private readonly int _alarmLine;
    private readonly int _markLine;
    private readonly int _deviceId;
    private readonly DetectorModel _modelCode;
    private readonly long _ticksPerStatus;
    private readonly List<(double Time, int EventId, LocalPoint Position)> _pendingMarks = [];
    private double? _markReleaseAt;
    private ushort _sequence;
    private double _smoothed;
    private int _overCount;
    private int _eventId;
    private int _markId;
    private Alarm? _alarm;

    public DetectorAdapterDevice(DetectorTeamSpec team, int index, Deminer deminer, SimulationContext context)
        : base(DeviceNaming.Detector(team.Name, index + 1), SensorKind.Detector, team.SampleRateHz, team.Baud)
    {
        _team = team;
        _deminer = deminer;
        _context = context;
        _random = SimRandom.For(context.Seed, Name + "/alarms");
        _model = new MetalDetectorModel(context.Field, team, SimRandom.For(context.Seed, Name + "/sensor"), context.Seed ^ 0x5EEDUL);
        _alarmLine = team.GpioFirstLine + (2 * index);
        _markLine = _alarmLine + 1;
        _deviceId = 1000 + index;
        _modelCode = DetectorModel.From(team.Model);
        _ticksPerStatus = Math.Max(1, (long)Math.Round(team.SampleRateHz));
    }

    protected override void Tick(double t, IBufferWriter<byte> output)
    {
        _deminer.AdvanceTo(t);
        var head = _deminer.Head;
        var sweeping = !_deminer.Investigating && !_deminer.Finished;
        if (sweeping)
        {
            var state = (_context.Truth, t);
            _context.Field.ForEachNear(head, _team.HeadWidthM / 2, ref state, static (item, ref s) => s.Truth.PassOver(item, SensorKind.Detector, s.t));
        }

        var reading = _model.Sense(head, _deminer.HeadHeight, t, 1 / RateHz);
        _smoothed = (0.5 * _smoothed) + (0.5 * reading.Md);
        UpdateAlarm(t, head, reading, output);
        HandleMarks(t, output);

        var battery = BatteryPercent(t);
        DetectorWriter.WriteSample(output, new DetectorSample
        {
            Header = Header(t),
            MetalAmplitude = (int)Math.Round(reading.Md),
            MetalPhase = PhaseOf(reading.Dominant),
            GprEnergy = (int)Math.Round(reading.Gpr),
            GprDepthCm = (int)Math.Round(reading.DepthCm),
            Sensitivity = 8,
            BatteryPercent = battery,
            AlarmLevel = _alarm is null ? DetectorAlarmLevel.None : _alarm.Gpr ? DetectorAlarmLevel.Dual : DetectorAlarmLevel.Metal,
        });

        if ((Ticks - 1) % _ticksPerStatus == 0)
        {
            DetectorWriter.WriteStatus(output, new DetectorStatus
            {
                Header = Header(t),
                DeviceId = _deviceId,
                Model = _modelCode,
                BatteryVolts = Math.Round(6 + (3 * battery / 100.0), 2),
                BatteryPercent = battery,
                DualSensor = true,
                GroundBalance = (byte)'L',
                SelfTestFlags = 0,
                FaultMask = 0,
            });
        }
    }

    private static int? PhaseOf(BuriedItem? dominant) => dominant?.Class switch
    {
        // Ferrous index: steel (AT, UXO, most fragments) reads negative; a minimum-metal fuze reads positive.
        ItemClass.AP => 40,
        ItemClass.AT or ItemClass.UXO => -60,
        ItemClass.Fragment => -30,
        _ => null,
    };

    private void UpdateAlarm(double t, LocalPoint head, DetectorReading reading, IBufferWriter<byte> output)
    {
        var threshold = _team.AlarmThreshold;
        if (_alarm is null)
        {
            _overCount = _smoothed > threshold ? _overCount + 1 : 0;
            if (_overCount < ConsecutiveSamples)
            {
                return;
            }

            _eventId++;
            _alarm = new Alarm(_eventId, t, head);
            _context.Gpio?.SetLine(_alarmLine, true, t);
            DetectorWriter.WriteAlarm(output, new DetectorAlarm
            {
                Header = Header(t),
                EventId = _eventId & 0xFFFF,
                Edge = DetectorEdge.Onset,
                Class = DetectorAlarmClass.Metal,
                PeakMetal = (int)Math.Round(reading.Md),
                PeakGpr = (int)Math.Round(reading.Gpr),
            });
        }

        var alarm = _alarm;
        if (reading.Md > alarm.PeakMd)
        {
            alarm.PeakMd = reading.Md;
            alarm.PeakTime = t;
            alarm.PeakPosition = head;
            alarm.Dominant = reading.Dominant;
            alarm.DominantSignal = reading.DominantSignal;
        }

        alarm.PeakGpr = Math.Max(alarm.PeakGpr, reading.Gpr);
        alarm.Gpr |= reading.Gpr > 300;
        if (_smoothed >= threshold * ReleaseFraction)
        {
            return;
        }

        _alarm = null;
        _overCount = 0;
        _context.Gpio?.SetLine(_alarmLine, false, t);
        DetectorWriter.WriteAlarm(output, new DetectorAlarm
        {
            Header = Header(t),
            EventId = alarm.EventId & 0xFFFF,
            Edge = DetectorEdge.Offset,
            Class = alarm.Gpr ? DetectorAlarmClass.Dual : DetectorAlarmClass.Metal,
            PeakMetal = (int)Math.Round(alarm.PeakMd),
            PeakGpr = (int)Math.Round(alarm.PeakGpr),
            DurationMs = (int)Math.Round((t - alarm.Onset) * 1000),
        });

        // The alarm belongs to an item only when that item, not ground, noise or EMI, made most of the peak.
        var cause = alarm.DominantSignal >= threshold * 0.5 ? alarm.Dominant : null;
        _context.Truth.AddEvent(TruthEventKind.Alarm, Name, SensorKind.Detector, alarm.Onset, alarm.OnsetPosition, cause,
            endTime: t, peakTime: alarm.PeakTime, peakPosition: alarm.PeakPosition);
        if (_random.Chance(_team.MarkProbability))
        {
            _pendingMarks.Add((t + _random.Uniform(1, 3), alarm.EventId, alarm.PeakPosition));
        }

        _deminer.Investigate(t);
        Excavate(alarm.PeakPosition, t);
    }

    /// <summary>
    /// The deminer digs out the signal: every item near the pinpoint that the head could sense is removed (scrap)
    /// or exposed and marked (a mine), so sweeping on does not alarm on it again.
    /// </summary>
    private void Excavate(LocalPoint pinpoint, double t)
    {
        var found = new List<BuriedItem>();
        var state = (Found: found, Height: _team.HeadHeightM, Floor: _team.AlarmThreshold / 4);
        _context.Field.ForEachNear(pinpoint, 0.25, ref state, static (item, ref s) =>
        {
            var r = item.DepthM + s.Height;
            var ratio = 0.1 / r;
            if (item.MdStrength * ratio * ratio * ratio * ratio >= s.Floor)
            {
                s.Found.Add(item);
            }
        });
        foreach (var item in found)
        {
            _context.Truth.Excavate(item, t);
        }
    }

    private void HandleMarks(double t, IBufferWriter<byte> output)
    {
        if (_markReleaseAt is { } release && t >= release)
        {
            _markReleaseAt = null;
            _context.Gpio?.SetLine(_markLine, false, t);
        }

        for (var i = 0; i < _pendingMarks.Count; i++)
        {
            var (time, eventId, position) = _pendingMarks[i];
            if (time > t)
            {
                continue;
            }

            _pendingMarks.RemoveAt(i--);
            _markId++;
            _context.Gpio?.SetLine(_markLine, true, t);
            _markReleaseAt = t + 0.1;
            DetectorWriter.WriteMark(output, new DetectorMark
            {
                Header = Header(t),
                MarkId = _markId,
                Kind = DetectorMarkKind.Suspect,
                EventId = eventId & 0xFFFF,
            });
            _context.Truth.AddEvent(TruthEventKind.Mark, Name, SensorKind.Detector, t, position, null);
        }
    }

    private DetectorHeader Header(double t) => new(_sequence++, (long)Math.Round((t + BootSecondsBeforeStart) * 1000));

    private static int BatteryPercent(double t) => Math.Clamp((int)Math.Round(100 - (t / (BatteryHours * 36))), 0, 100);

    private sealed class Alarm(int eventId, double onset, LocalPoint onsetPosition)
    {
        public int EventId { get; } = eventId;

        public double Onset { get; } = onset;

        public LocalPoint OnsetPosition { get; } = onsetPosition;

        public double PeakMd { get; set; }

        public double PeakGpr { get; set; }

        public double PeakTime { get; set; } = onset;

        public LocalPoint PeakPosition { get; set; } = onsetPosition;

        public BuriedItem? Dominant { get; set; }

        public double DominantSignal { get; set; }

        public bool Gpr { get; set; }
    }
}
