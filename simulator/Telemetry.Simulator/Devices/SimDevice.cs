using System.Buffers;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Devices;

/// <summary>
/// A simulated device: ticks at a fixed rate and writes the bytes it would put on its wire during that tick.
/// Tick times are index / rate (never accumulated), so a device's timeline is exact for any run length.
/// </summary>
internal abstract class SimDevice(string name, SensorKind sensor, double rateHz, int baud)
{
    public string Name { get; } = name;

    public SensorKind Sensor { get; } = sensor;

    public double RateHz { get; } = rateHz;

    /// <summary>The serial rate the host is configured to read this device at.</summary>
    public int Baud { get; } = baud;

    public long Ticks { get; private set; }

    public double NextTime => Ticks / RateHz;

    public void RunTick(IBufferWriter<byte> output)
    {
        var t = NextTime;
        Ticks++;
        Tick(t, output);
    }

    /// <summary>Advances the device's model to <paramref name="t"/> and writes what it sends then.</summary>
    protected abstract void Tick(double t, IBufferWriter<byte> output);
}
