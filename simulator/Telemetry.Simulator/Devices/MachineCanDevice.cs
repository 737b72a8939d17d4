using System.Buffers;
using Telemetry.Simulator.Rigs;
using Telemetry.Simulator.Scenarios;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Devices;

/// <summary>
/// The MEMATT's CAN bus through a USB–SLCAN adapter at 10 Hz. This version runs the tiller (detonations) only; the
/// J1939 frames are added when the SLCAN/J1939 writers of the parsing core exist.
/// </summary>
internal sealed class MachineCanDevice(MachineRig rig)
    : SimDevice(DeviceNaming.MachineCan(rig.Name), SensorKind.Mematt, 10, rig.Spec.Baud)
{
    public MachineRig Rig { get; } = rig;

    protected override void Tick(double t, IBufferWriter<byte> output) => Rig.Update(t);
}
