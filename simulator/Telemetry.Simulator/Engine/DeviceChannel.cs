using System.Buffers;
using Telemetry.Simulator.Devices;
using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Outputs;

namespace Telemetry.Simulator.Engine;

/// <summary>One device's path to its wire: the device, the faults scripted on it, and the sink.</summary>
internal sealed class DeviceChannel(SimDevice device, ByteFaults faults, IDeviceSink sink)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private byte[]? _scratch;

    public SimDevice Device { get; } = device;

    public IDeviceSink Sink { get; } = sink;

    /// <summary>Bytes the device produced (before faults), for statistics.</summary>
    public long BytesProduced { get; private set; }

    public void Tick()
    {
        var t = Device.NextTime;
        _buffer.ResetWrittenCount();
        Device.RunTick(_buffer);
        if (_buffer.WrittenCount == 0 && faults.IsEmpty)
        {
            return;
        }

        BytesProduced += _buffer.WrittenCount;
        var bytes = faults.IsEmpty ? _buffer.WrittenSpan : faults.Apply(_buffer.WrittenSpan, t, ref _scratch);
        if (!bytes.IsEmpty)
        {
            Sink.Write(bytes, t);
        }
    }
}
