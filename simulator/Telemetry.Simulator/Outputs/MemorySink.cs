namespace Telemetry.Simulator.Outputs;

/// <summary>
/// Keeps a device's bytes in memory with the simulation time of every write and every plug change: for tests,
/// benchmarks and in-process consumers. Bytes written while unplugged are not kept (nobody could read them).
/// </summary>
public sealed class MemorySink : IDeviceSink
{
    private readonly MemoryStream _bytes = new();
    private readonly List<(double Time, long Offset, int Length)> _writes = [];
    private readonly List<(double Time, bool Plugged)> _plugChanges = [];
    private readonly bool _keepBytes;

    /// <summary>Creates a sink; with <paramref name="keepBytes"/> false only counts are kept (benchmarks).</summary>
    public MemorySink(bool keepBytes = true) => _keepBytes = keepBytes;

    /// <summary>All bytes received while plugged, in order.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes.GetBuffer().AsMemory(0, (int)_bytes.Length);

    /// <summary>Total bytes received while plugged.</summary>
    public long ByteCount { get; private set; }

    /// <summary>True while plugged.</summary>
    public bool IsPlugged { get; private set; } = true;

    /// <summary>Each write: simulation time, offset into <see cref="Bytes"/>, length.</summary>
    public IReadOnlyList<(double Time, long Offset, int Length)> Writes => _writes;

    /// <summary>Each unplug (false) and replug (true) with its simulation time.</summary>
    public IReadOnlyList<(double Time, bool Plugged)> PlugChanges => _plugChanges;

    /// <summary>The bytes written in [from, to) simulation seconds.</summary>
    public byte[] BytesBetween(double from, double to)
    {
        var result = new MemoryStream();
        var all = Bytes.Span;
        foreach (var (time, offset, length) in _writes)
        {
            if (time >= from && time < to)
            {
                result.Write(all.Slice((int)offset, length));
            }
        }

        return result.ToArray();
    }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> data, double simTime)
    {
        if (!IsPlugged || data.IsEmpty)
        {
            return;
        }

        ByteCount += data.Length;
        if (_keepBytes)
        {
            _writes.Add((simTime, _bytes.Length, data.Length));
            _bytes.Write(data);
        }
    }

    /// <inheritdoc />
    public void Unplug(double simTime)
    {
        IsPlugged = false;
        _plugChanges.Add((simTime, false));
    }

    /// <inheritdoc />
    public void Replug(double simTime)
    {
        IsPlugged = true;
        _plugChanges.Add((simTime, true));
    }

    /// <inheritdoc />
    public void Dispose() => _bytes.Dispose();
}
