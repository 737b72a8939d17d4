using System.Buffers;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Mavlink.Messages;
using Telemetry.Simulator.Core;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Gnss;
using Telemetry.Simulator.Rigs;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Devices;

/// <summary>
/// A survey drone's telemetry link (MAVLink 2, domain.md §4.4 and §9 rates): ATTITUDE 10 Hz, GLOBAL_POSITION_INT and
/// GPS_RAW_INT 5 Hz, HEARTBEAT and SYS_STATUS 1 Hz from the autopilot (component 1), and SURVEY_DETECTION from the
/// payload computer (component 191) as detections happen. Positions come from the drone's GNSS error model.
/// </summary>
internal sealed class DroneAutopilotDevice : SimDevice
{
    private const double TickHz = 10;
    private const byte AutopilotComponent = 1;
    private const byte PayloadComponent = 191;
    private const double BootSecondsBeforeStart = 60;
    private readonly DroneRig _rig;
    private readonly GnssErrorModel _gnss;
    private readonly SimulationContext _context;
    private readonly byte _system;
    private readonly long _gnssEvery;
    private byte _autopilotSequence;
    private byte _payloadSequence;
    private GnssFix _fix;

    public DroneAutopilotDevice(DroneRig rig, GnssErrorModel gnss, SimulationContext context)
        : base(DeviceNaming.Drone(rig.Name), SensorKind.Drone, TickHz, rig.Spec.Baud)
    {
        _rig = rig;
        _gnss = gnss;
        _context = context;
        _system = (byte)rig.Spec.SystemId;
        _gnssEvery = Math.Max(1, (long)Math.Round(TickHz / rig.Spec.Gnss.RateHz));
    }

    public GnssErrorModel Gnss => _gnss;

    protected override void Tick(double t, IBufferWriter<byte> output)
    {
        var tick = Ticks - 1;
        var pose = _rig.PoseAt(t);
        var groundAlt = _context.Frame.Origin.Alt;
        if (tick % (long)TickHz == 0)
        {
            _context.Truth.AddTrackPoint(_rig.Name, t, pose.Antenna, pose.Working);
        }

        var gnssEpoch = tick % _gnssEvery == 0;
        if (gnssEpoch || tick == 0)
        {
            _fix = _gnss.Sample(t, pose.Antenna, groundAlt + pose.HeightAboveGround, pose.SpeedMps, pose.CourseDeg, pose.HeadingDeg);
            var reported = _context.Frame.ToLocal(_fix.Reported.Lat, _fix.Reported.Lon);
            _rig.GnssError = new LocalPoint(reported.East - pose.Antenna.East, reported.North - pose.Antenna.North);
        }

        _rig.Update(t);
        var bootMs = (uint)Math.Round((t + BootSecondsBeforeStart) * 1000);
        var airborne = _rig.Airborne(t);
        if (tick % (long)TickHz == 0)
        {
            WriteAutopilot(output, new Heartbeat
            {
                Type = 2,
                Autopilot = 3,
                BaseMode = (byte)(airborne ? 0x81 : 0x01),
                CustomMode = airborne ? 3u : 0u,
                SystemStatus = (byte)(airborne ? 4 : 3),
                MavlinkVersion = 3,
            });
            var remaining = Math.Clamp(100 - (100 * t / _rig.Spec.EnduranceSeconds * 0.8), 0, 100);
            WriteAutopilot(output, new SysStatus
            {
                OnboardControlSensorsPresent = 0x0020_002F,
                OnboardControlSensorsEnabled = 0x0020_002F,
                OnboardControlSensorsHealth = 0x0020_002F,
                Load = 350,
                VoltageBattery = (ushort)Math.Round(22200 + (3000 * remaining / 100)),
                CurrentBattery = (short)(airborne ? 2500 : 50),
                BatteryRemaining = (sbyte)Math.Round(remaining),
            });
        }

        var course = pose.CourseDeg * Math.PI / 180;
        WriteAutopilot(output, new Attitude
        {
            TimeBootMs = bootMs,
            Yaw = (float)(course > Math.PI ? course - (2 * Math.PI) : course),
            Pitch = airborne ? -0.05f : 0,
        });

        if (gnssEpoch && !_gnss.IsDroppedOut(t))
        {
            var valid = _fix.Mode != FixMode.NoFix;
            var vn = pose.SpeedMps * Math.Cos(course);
            var ve = pose.SpeedMps * Math.Sin(course);
            WriteAutopilot(output, new GpsRawInt
            {
                TimeUsec = UnixMicros(t),
                FixType = (byte)_fix.MavlinkFixType,
                Lat = valid ? DegE7(_fix.Reported.Lat) : 0,
                Lon = valid ? DegE7(_fix.Reported.Lon) : 0,
                Alt = valid ? (int)Math.Round(_fix.Reported.Alt * 1000) : 0,
                Eph = (ushort)Math.Round(_fix.Hdop * 100),
                Epv = (ushort)Math.Round(_fix.Hdop * 150),
                Vel = (ushort)Math.Round(pose.SpeedMps * 100),
                Cog = (ushort)(Math.Round(pose.CourseDeg * 100) % 36000),
                SatellitesVisible = (byte)_fix.Satellites,
                AltEllipsoid = valid ? (int)Math.Round((_fix.Reported.Alt + _context.GeoidSeparationM) * 1000) : 0,
                HAcc = (uint)Math.Round(_fix.SigmaEastM * 1000),
                VAcc = (uint)Math.Round(_fix.SigmaAltM * 1000),
                VelAcc = 50,
            });
            WriteAutopilot(output, new GlobalPositionInt
            {
                TimeBootMs = bootMs,
                Lat = DegE7(_fix.Reported.Lat),
                Lon = DegE7(_fix.Reported.Lon),
                Alt = (int)Math.Round(_fix.Reported.Alt * 1000),
                RelativeAlt = (int)Math.Round(pose.HeightAboveGround * 1000),
                Vx = (short)Math.Round(vn * 100),
                Vy = (short)Math.Round(ve * 100),
                Vz = 0,
                Hdg = (ushort)(Math.Round(pose.CourseDeg * 100) % 36000),
            });
        }

        while (_rig.TryTakeDetection(out var detection))
        {
            var geo = _context.Frame.ToGeo(detection.Reported, groundAlt);
            var header = MavlinkHeader.ForSend(_payloadSequence++, _system, PayloadComponent);
            MavlinkWriter.Write(output, header, new SurveyDetection
            {
                TimeUsec = UnixMicros(detection.Time),
                DetectionId = (uint)detection.Id,
                Lat = DegE7(geo.Lat),
                Lon = DegE7(geo.Lon),
                Alt = (int)Math.Round(groundAlt * 1000),
                Signal = (float)detection.SignalNt,
                HAcc = (ushort)Math.Round(100 * Math.Sqrt((_fix.SigmaEastM * _fix.SigmaEastM) + 0.04)),
                Agl = (ushort)Math.Round(_rig.Spec.AltitudeM * 100),
                Sensor = 1,
                Classification = 0,
                Confidence = (byte)Math.Round(detection.ConfidencePercent),
                LabelBuffer = SurveyDetection.LabelArray.From("MAG"u8),
            });
        }
    }

    private static int DegE7(double degrees) => (int)Math.Round(degrees * 1e7);

    private ulong UnixMicros(double t) => (ulong)((_context.Start - DateTimeOffset.UnixEpoch).Ticks / 10) + (ulong)Math.Round(t * 1e6);

    private void WriteAutopilot<T>(IBufferWriter<byte> output, in T message)
        where T : struct, IMavlinkMessage<T>
        => MavlinkWriter.Write(output, MavlinkHeader.ForSend(_autopilotSequence++, _system, AutopilotComponent), message);
}
