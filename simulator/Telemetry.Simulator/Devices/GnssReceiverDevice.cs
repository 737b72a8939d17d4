using System.Buffers;
using Telemetry.Protocols.Nmea;
using Telemetry.Simulator.Core;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Gnss;
using Telemetry.Simulator.Rigs;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Devices;

/// <summary>
/// An RTK rover on a rig: per epoch GGA, RMC, GST and VTG (plus HDT with a dual-antenna heading), talker GN, as a
/// u-blox ZED-F9P class receiver emits them. Silent during a dropout. Also records the rig's track once a second.
/// The HDT heading carries a dual-antenna heading error: a slowly varying (τ 10 s) Gaussian process of σ 0.2° with
/// RTK fixed, 1° with RTK float and 3° otherwise (a ≈1.5 m baseline; u-blox ZED-F9P/F9H class, [A] domain.md §5).
/// </summary>
internal sealed class GnssReceiverDevice : SimDevice
{
    private const double KnotsPerMps = 3600.0 / 1852.0;
    private readonly GnssSpec _spec;
    private readonly GnssErrorModel _model;
    private readonly IRig _rig;
    private readonly DateTime _start;
    private readonly double _groundAltitude;
    private readonly double _geoidSeparation;
    private readonly GroundTruth _truth;
    private readonly long _ticksPerTrackPoint;
    private readonly SimRandom _headingNoise;
    private double _headingError;

    public GnssReceiverDevice(string name, SensorKind sensor, GnssSpec spec, GnssErrorModel model, IRig rig, SimulationContext context)
        : base(name, sensor, spec.RateHz, spec.Baud)
    {
        _spec = spec;
        _model = model;
        _rig = rig;
        _start = context.Start.UtcDateTime;
        _groundAltitude = context.Frame.Origin.Alt;
        _geoidSeparation = context.GeoidSeparationM;
        _truth = context.Truth;
        _ticksPerTrackPoint = Math.Max(1, (long)Math.Round(spec.RateHz));
        _headingNoise = SimRandom.For(context.Seed, name + "/hdt");
    }

    public GnssErrorModel Model => _model;

    protected override void Tick(double t, IBufferWriter<byte> output)
    {
        var pose = _rig.PoseAt(t);
        if ((Ticks - 1) % _ticksPerTrackPoint == 0)
        {
            _truth.AddTrackPoint(_rig.Name, t, pose.Antenna, pose.Working);
        }

        if (_model.IsDroppedOut(t))
        {
            return;
        }

        var fix = _model.Sample(t, pose.Antenna, _groundAltitude + pose.HeightAboveGround, pose.SpeedMps, pose.CourseDeg, pose.HeadingDeg);
        var utc = _start.AddTicks((long)Math.Round(t * TimeSpan.TicksPerSecond));
        var time = TimeOnly.FromDateTime(utc);
        var valid = fix.Mode != FixMode.NoFix;
        var quality = (GnssFixQuality)fix.GgaQuality;
        var mode = GnssModes.ToModeIndicator(quality);
        double? lat = valid ? fix.Reported.Lat : null;
        double? lon = valid ? fix.Reported.Lon : null;

        NmeaWriter.WriteGga(output, NmeaTalker.Gnss, new GgaData
        {
            Time = time,
            Latitude = lat,
            Longitude = lon,
            Quality = quality,
            SatellitesUsed = valid ? fix.Satellites : 0,
            Hdop = valid ? fix.Hdop : null,
            AltitudeMsl = valid ? fix.Reported.Alt : null,
            GeoidSeparation = valid ? _geoidSeparation : null,
            DifferentialAge = fix.CorrectionAgeSeconds,
            DifferentialStation = fix.CorrectionAgeSeconds is null ? null : 1,
        });
        NmeaWriter.WriteRmc(output, NmeaTalker.Gnss, new RmcData
        {
            Time = time,
            Status = valid ? (byte)'A' : (byte)'V',
            Latitude = lat,
            Longitude = lon,
            SpeedKnots = valid ? fix.SpeedMps * KnotsPerMps : null,
            CourseTrue = valid ? fix.CourseDeg : null,
            Date = DateOnly.FromDateTime(utc),
            Mode = mode,
            NavigationalStatus = (byte)'V',
        });
        if (valid)
        {
            NmeaWriter.WriteGst(output, NmeaTalker.Gnss, new GstData
            {
                Time = time,
                RangeRms = fix.SigmaEastM * 1.2,
                SigmaMajor = Math.Max(fix.SigmaEastM, fix.SigmaNorthM),
                SigmaMinor = Math.Min(fix.SigmaEastM, fix.SigmaNorthM),
                Orientation = 0,
                SigmaLatitude = fix.SigmaNorthM,
                SigmaLongitude = fix.SigmaEastM,
                SigmaAltitude = fix.SigmaAltM,
            });
            NmeaWriter.WriteVtg(output, NmeaTalker.Gnss, new VtgData
            {
                CourseTrue = fix.CourseDeg,
                SpeedKnots = fix.SpeedMps * KnotsPerMps,
                SpeedKmh = fix.SpeedMps * 3.6,
                Mode = mode,
            });
        }

        if (_spec.Heading && valid)
        {
            var sigma = fix.Mode switch
            {
                FixMode.RtkFixed => 0.2,
                FixMode.RtkFloat => 1.0,
                _ => 3.0,
            };
            var a = Math.Exp(-1 / (10 * _spec.RateHz));
            _headingError = (a * _headingError) + (Math.Sqrt(1 - (a * a)) * _headingNoise.NextGaussian());
            var heading = (fix.HeadingDeg + (sigma * _headingError)) % 360;
            NmeaWriter.WriteHdt(output, NmeaTalker.Gnss, new HdtData { Heading = heading < 0 ? heading + 360 : heading });
        }
    }
}
