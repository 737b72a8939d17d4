using Telemetry.Drivers.Gpio;
using Telemetry.Simulator.Devices;

namespace Telemetry.Simulator.Outputs;

/// <summary>
/// Drives the detector adapters' alarm and mark lines on the drivers' <see cref="SimulatedGpioChip"/>, so the
/// gateway's GPIO edge pipeline sees them exactly as kernel edge events. Edge timestamps are
/// <c>baseNs + simulation seconds × 10⁹</c>: pass the gateway's monotonic clock at the run start as the base when
/// running in real time, or 0 when only relative timing matters.
/// </summary>
public sealed class SimulatedChipGpio(SimulatedGpioChip chip, long baseNs = 0) : IGpioOutput
{
    /// <summary>The chip driven.</summary>
    public SimulatedGpioChip Chip { get; } = chip ?? throw new ArgumentNullException(nameof(chip));

    /// <inheritdoc />
    public void SetLine(int offset, bool high, double simTime) =>
        Chip.SetLevel(offset, high, baseNs + (long)Math.Round(simTime * 1e9));
}
