using Telemetry.Drivers.Capture;

namespace Telemetry.Simulator.Outputs;

/// <summary>
/// A device to a capture file in the drivers' format (docs/capture-format.md), timed in simulation time: the header
/// start is the scenario start, record offsets are simulation seconds, so `telemetry replay --paced` plays the run
/// back at real speed and the file is identical for a given scenario and seed. Unplug and replug are event records.
/// </summary>
public sealed class CaptureFileSink : IDeviceSink
{
    private readonly CaptureWriter _writer;
    private readonly SimulationTimeProvider _clock;
    private bool _plugged = true;

    /// <summary>Creates the file; the endpoint text names the simulated device.</summary>
    public CaptureFileSink(string path, string device, DateTimeOffset start)
    {
        _clock = new SimulationTimeProvider(start);
        _writer = CaptureWriter.Create(path, "sim://" + device, _clock);
    }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> data, double simTime)
    {
        if (!_plugged)
        {
            return;
        }

        _clock.Seconds = simTime;
        _writer.WriteData(data);
    }

    /// <inheritdoc />
    public void Unplug(double simTime)
    {
        _plugged = false;
        _clock.Seconds = simTime;
        _writer.WriteEvent("Absent: simulated unplug");
    }

    /// <inheritdoc />
    public void Replug(double simTime)
    {
        _plugged = true;
        _clock.Seconds = simTime;
        _writer.WriteEvent("Up: simulated replug");
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    /// <summary>A clock standing still at the simulation time the sink was last told.</summary>
    private sealed class SimulationTimeProvider(DateTimeOffset start) : TimeProvider
    {
        public double Seconds { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => (long)Math.Round(Seconds * TimeSpan.TicksPerSecond);

        public override DateTimeOffset GetUtcNow() => start.AddTicks(GetTimestamp());
    }
}
