using Telemetry.Drivers.Gpio;

namespace Telemetry.Gateway.Demo;

/// <summary>
/// The demo's one simulated GPIO chip handed to a gateway runtime without giving it away: the runtime disposes what
/// it opens, the chip itself belongs to the demo (the simulator keeps driving it).
/// </summary>
internal sealed class BorrowedChip(IGpioChip chip) : IGpioChip
{
    public string Path => chip.Path;

    public string Name => chip.Name;

    public string Label => chip.Label;

    public int LineCount => chip.LineCount;

    public IGpioInputLines RequestInputs(GpioInputRequest request) => chip.RequestInputs(request);

    public IGpioOutputLine RequestOutput(int offset, bool initialValue, string consumer = "telemetry") => chip.RequestOutput(offset, initialValue, consumer);

    public void Dispose()
    {
        // Not ours to close: the demo disposes the chip after every runtime has stopped.
    }
}
