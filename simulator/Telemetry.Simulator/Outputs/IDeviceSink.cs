namespace Telemetry.Simulator.Outputs;

/// <summary>
/// Where one simulated device's bytes go. Called from the simulation loop only, in simulation-time order.
/// A sink never throws on a slow or absent reader: a real UART keeps transmitting whether anyone listens or not.
/// </summary>
public interface IDeviceSink : IDisposable
{
    /// <summary>Bytes the device put on the wire at simulation time <paramref name="simTime"/> (seconds).</summary>
    void Write(ReadOnlySpan<byte> data, double simTime);

    /// <summary>The device's adapter is pulled out.</summary>
    void Unplug(double simTime);

    /// <summary>The device's adapter is plugged back in.</summary>
    void Replug(double simTime);
}
