using System.Buffers;

namespace Telemetry.Mqtt.Internal;

/// <summary>An <see cref="IBufferWriter{T}"/> over a caller's array, reused under the write lock (no allocation).</summary>
internal sealed class FixedBufferWriter : IBufferWriter<byte>
{
    private byte[] _buffer = [];
    private int _written;

    public void Reset(byte[] buffer)
    {
        _buffer = buffer;
        _written = 0;
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.AsMemory(_written);

    public Span<byte> GetSpan(int sizeHint = 0) => _buffer.AsSpan(_written);
}
