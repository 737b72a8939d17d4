using System.Buffers;
using Telemetry.Protocols.J1939;
using Telemetry.Protocols.Slcan;
using Telemetry.Simulator.Core;
using Telemetry.Simulator.Engine;
using Telemetry.Simulator.Rigs;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Devices;

/// <summary>
/// The MEMATT's CAN bus through a USB–SLCAN adapter (timestamps on), at the rates of domain.md §9: EEC1, CCVS1,
/// LFE1 and MEMATT_TOOL at 10 Hz; EFL/P1 at 2 Hz; ET1, DD, VP, VEP1, VF, MEMATT_STATE and MEMATT_SHOCK at 1 Hz, plus
/// MEMATT_SHOCK at once on a detonation; HOURS every 10 s. Groups and scaling from the parsing core's J1939 catalog
/// (docs/protocols/mematt.md). A detonation shows as the shock, a 0.5–2 s hydraulic spike and a 20–40% tiller-RPM dip.
/// </summary>
internal sealed class MachineCanDevice : SimDevice
{
    private const double TickHz = 10;
    private const byte EngineAddress = 0x00;
    private const byte ClusterAddress = 0x17;
    private const byte NavigationAddress = 0x1C;
    private const byte TillerAddress = 0x80;
    private readonly MachineRig _rig;
    private readonly SimulationContext _context;
    private readonly SimRandom _random;
    private readonly byte[] _data = new byte[8];
    private int _reportedDetonations;
    private int _shocks;
    private double _spikeUntil = double.NegativeInfinity;
    private double _dip = 1;

    public MachineCanDevice(MachineRig rig, SimulationContext context)
        : base(DeviceNaming.MachineCan(rig.Name), SensorKind.Mematt, TickHz, rig.Spec.Baud)
    {
        _rig = rig;
        _context = context;
        _random = SimRandom.For(context.Seed, Name + "/bus");
    }

    protected override void Tick(double t, IBufferWriter<byte> output)
    {
        var tick = Ticks - 1;
        _rig.Update(t);
        var spec = _rig.Spec;
        var tiller = _rig.TillerAt(t);
        var pose = _rig.PoseAt(t);
        var working = tiller.Working;
        var detonated = _rig.Detonations > _reportedDetonations;
        if (detonated)
        {
            _reportedDetonations = _rig.Detonations;
            _shocks++;
            _spikeUntil = t + _random.Uniform(0.5, 2);
            _dip = 1 - _random.Uniform(0.2, 0.4);
        }

        var spiking = t < _spikeUntil;
        if (!spiking)
        {
            _dip = 1;
        }

        var stamp = (ushort)((long)Math.Round(t * 1000) % 60000);
        var rpm = (working ? spec.EngineRpm : spec.EngineRpm * 0.75) + _random.Gaussian(0, 12);
        Send(output, stamp, 3, J1939Catalog.Eec1, EngineAddress, d =>
        {
            J1939Catalog.EngineTorqueMode.WriteRaw(d, 0);
            J1939Catalog.DriverDemandTorque.Write(d, working ? 75 : 40);
            J1939Catalog.ActualEngineTorque.Write(d, (working ? 70 : 35) + _random.Gaussian(0, 2));
            J1939Catalog.EngineSpeed.Write(d, rpm);
            J1939Catalog.ControllingDeviceAddress.WriteRaw(d, EngineAddress);
        });
        Send(output, stamp, 6, J1939Catalog.Ccvs1, EngineAddress, d => J1939Catalog.WheelSpeed.Write(d, tiller.SpeedMps * 3.6));
        Send(output, stamp, 6, J1939Catalog.Lfe1, EngineAddress, d => J1939Catalog.FuelRate.Write(d, (working ? 16 : 9) + _random.Gaussian(0, 0.3)));
        Send(output, stamp, 6, J1939Catalog.MemattTool, TillerAddress, d =>
        {
            var depth = working ? spec.WorkingDepthCm + _random.Gaussian(0, 0.5) : 0;
            var pressure = working ? 180 + (2 * depth) + _random.Gaussian(0, 5) : 40;
            J1939Catalog.TillerSpeed.Write(d, working ? spec.TillerRpm * _dip + _random.Gaussian(0, 3) : 0);
            J1939Catalog.WorkingDepth.Write(d, Math.Max(0, depth));
            J1939Catalog.HydraulicPressure.Write(d, spiking ? 340 + _random.Gaussian(0, 5) : pressure);
            J1939Catalog.TillerOilTemperature.Write(d, HydraulicTemperature(t));
        });

        if (tick % 5 == 0)
        {
            Send(output, stamp, 6, J1939Catalog.Eflp1, EngineAddress, d => J1939Catalog.OilPressure.Write(d, 360 + _random.Gaussian(0, 4)));
        }

        if (detonated || tick % (long)TickHz == 0)
        {
            Send(output, stamp, 3, J1939Catalog.MemattShock, TillerAddress, d =>
            {
                J1939Catalog.PeakShock.Write(d, _shocks == 0 ? 0 : _rig.LastShockG);
                J1939Catalog.DetonationCount.Write(d, _reportedDetonations);
                J1939Catalog.ShockCount.Write(d, _shocks);
            });
        }

        if (tick % (long)TickHz == 0)
        {
            // Engine warms from 60 °C at 1 °C/min to ≈90 °C (domain.md §3.6); fuel from 95% over 10 h.
            Send(output, stamp, 6, J1939Catalog.Et1, EngineAddress, d =>
            {
                J1939Catalog.CoolantTemperature.Write(d, Math.Min(90, 60 + (t / 60)));
                J1939Catalog.FuelTemperature.Write(d, 35);
                J1939Catalog.OilTemperature.Write(d, Math.Min(95, 55 + (t / 60)));
            });
            Send(output, stamp, 6, J1939Catalog.Dd, ClusterAddress, d => J1939Catalog.FuelLevel.Write(d, Math.Max(0, 95 - (t / 360))));
            var geo = _context.Frame.ToGeo(pose.Antenna, _context.Frame.Origin.Alt);
            Send(output, stamp, 6, J1939Catalog.Vp, NavigationAddress, d =>
            {
                J1939Catalog.Latitude.Write(d, geo.Lat);
                J1939Catalog.Longitude.Write(d, geo.Lon);
            });
            Send(output, stamp, 6, J1939Catalog.Vep1, EngineAddress, d => J1939Catalog.BatteryPotential.Write(d, 27.6 + _random.Gaussian(0, 0.05)));
            Send(output, stamp, 6, J1939Catalog.Vf, EngineAddress, d => J1939Catalog.HydraulicTemperature.Write(d, HydraulicTemperature(t)));
            Send(output, stamp, 6, J1939Catalog.MemattState, TillerAddress, d =>
            {
                J1939Catalog.MachineState.Write(d, tiller.Finished ? 0 : working ? 2 : 1);
                J1939Catalog.RemoteLinkQuality.Write(d, 92 + _random.Gaussian(0, 2));
                J1939Catalog.RemoteLinkRssi.Write(d, -62 + _random.Gaussian(0, 2));
                J1939Catalog.TillerEngaged.WriteRaw(d, working ? 1UL : 0UL);
            });
        }

        if (tick % (long)(10 * TickHz) == 0)
        {
            Send(output, stamp, 6, J1939Catalog.Hours, EngineAddress, d =>
            {
                J1939Catalog.EngineHours.Write(d, 1234.5 + (t / 3600));
                J1939Catalog.EngineRevolutions.Write(d, 148000 + (t * spec.EngineRpm / 60 / 1000));
            });
        }
    }

    private static double HydraulicTemperature(double t) => Math.Min(78, 50 + (t / 120));

    private void Send(IBufferWriter<byte> output, ushort stamp, byte priority, J1939ParameterGroup group, byte source, Action<Span<byte>> fill)
    {
        var data = _data.AsSpan(0, group.Length);
        group.FillNotAvailable(data);
        fill(data);
        var frame = J1939Writer.CreateFrame(J1939Id.Create(priority, group.Pgn, source), data);
        SlcanWriter.WriteFrame(output, frame, stamp);
    }
}
