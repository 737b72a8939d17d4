namespace Telemetry.Simulator.Devices;

/// <summary>
/// Where the detector adapters' alarm and mark lines go (a simulated GPIO chip). Line n of deminer k of a team is
/// team.gpioFirstLine + 2k (alarm) and + 2k + 1 (mark). High = active.
/// </summary>
public interface IGpioOutput
{
    /// <summary>Drives line <paramref name="offset"/> at simulation time <paramref name="simTime"/>.</summary>
    void SetLine(int offset, bool high, double simTime);
}
