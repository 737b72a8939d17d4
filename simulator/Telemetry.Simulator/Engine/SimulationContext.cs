using Telemetry.Simulator.Core;
using Telemetry.Simulator.Devices;
using Telemetry.Simulator.Truth;
using Telemetry.Simulator.World;

namespace Telemetry.Simulator.Engine;

/// <summary>What every rig and device of one run shares.</summary>
internal sealed record SimulationContext(
    ulong Seed,
    DateTimeOffset Start,
    LocalFrame Frame,
    double GeoidSeparationM,
    Minefield Field,
    GroundTruth Truth,
    IGpioOutput? Gpio);
