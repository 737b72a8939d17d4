using System.Buffers;

namespace Telemetry.Mqtt.Broker.Network;

/// <summary>
/// Growable <see cref="IBufferWriter{T}"/> over pooled arrays: packets for one connection are encoded here and written
/// to the socket in one call per batch. Returns a large array to the pool once drained so an idle connection keeps none.
/// </summary>
internal sealed class OutputBuffer : IBufferWriter<byte>
{
    private const int InitialSize = 4096;
    private const int KeepAtMost = 64 * 1024;
    private byte[]? _array;
    private int _written;

    public int Written => _written;

    public ReadOnlyMemory<byte> WrittenMemory => _array is null ? default : _array.AsMemory(0, _written);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_written);
    }

    /// <summary>Forgets the written bytes; keeps a small array for the next batch, releases a big one.</summary>
    public void Reset(bool release = false)
    {
        _written = 0;
        if (_array is not null && (release || _array.Length > KeepAtMost))
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }
    }

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_array))]
    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_array is null)
        {
            _array = ArrayPool<byte>.Shared.Rent(Math.Max(InitialSize, sizeHint));
            return;
        }

        if (_array.Length - _written >= sizeHint)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _written + sizeHint));
        _array.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
