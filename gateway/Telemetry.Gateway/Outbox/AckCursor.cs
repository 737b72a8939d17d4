using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Telemetry.Gateway.Outbox;

/// <summary>
/// The persisted acknowledgement cursor: the highest sequence acknowledged and the running count of records dropped
/// by policy. Two 32-byte slots written alternately, each with a generation and a CRC-32C, so a write torn by a power
/// cut leaves the other slot intact; on open the valid slot with the higher generation wins. Losing both slots is
/// never a loss of data — it only re-sends already acknowledged records (the ops centre deduplicates by sequence).
/// <code>slot = "TACK" generation:u64 ackedSequence:i64 droppedTotal:i64 crc32c(previous 28 bytes):u32</code>
/// </summary>
internal sealed class AckCursor : IDisposable
{
    private const int SlotSize = 32;
    private static ReadOnlySpan<byte> Magic => "TACK"u8;

    private readonly SafeFileHandle _handle;
    private readonly Lock _writeGate = new();
    private ulong _generation;

    private AckCursor(SafeFileHandle handle, ulong generation, long acked, long dropped, bool recovered)
    {
        _handle = handle;
        _generation = generation;
        AckedSequence = acked;
        DroppedTotal = dropped;
        WasUnreadable = recovered;
    }

    public long AckedSequence { get; private set; }

    public long DroppedTotal { get; private set; }

    /// <summary>True when the file existed but neither slot was valid (both damaged): replay restarts from the oldest segment.</summary>
    public bool WasUnreadable { get; }

    public static AckCursor Open(string path)
    {
        var existed = File.Exists(path);
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        Span<byte> both = stackalloc byte[SlotSize * 2];
        both.Clear();
        var read = 0;
        while (read < both.Length)
        {
            var n = RandomAccess.Read(handle, both[read..], read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        ulong bestGeneration = 0;
        long acked = 0, dropped = 0;
        var anyValid = false;
        for (var slot = 0; slot < 2; slot++)
        {
            var s = both.Slice(slot * SlotSize, SlotSize);
            if (!s[..4].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt32LittleEndian(s[28..]) != Crc32C.Compute(s[..28]))
            {
                continue;
            }

            var generation = BinaryPrimitives.ReadUInt64LittleEndian(s[4..]);
            if (!anyValid || generation > bestGeneration)
            {
                anyValid = true;
                bestGeneration = generation;
                acked = BinaryPrimitives.ReadInt64LittleEndian(s[12..]);
                dropped = BinaryPrimitives.ReadInt64LittleEndian(s[20..]);
            }
        }

        return new AckCursor(handle, bestGeneration, acked, dropped, existed && read > 0 && !anyValid);
    }

    /// <summary>
    /// Writes and fsyncs the next slot. Values only move forward (a late caller with older values cannot regress the
    /// cursor), and calls are serialised here because both acknowledgements and policy drops persist.
    /// </summary>
    public void Persist(long acked, long dropped)
    {
        lock (_writeGate)
        {
            PersistUnderLock(Math.Max(acked, AckedSequence), Math.Max(dropped, DroppedTotal));
        }
    }

    private void PersistUnderLock(long acked, long dropped)
    {
        _generation++;
        Span<byte> slot = stackalloc byte[SlotSize];
        Magic.CopyTo(slot);
        BinaryPrimitives.WriteUInt64LittleEndian(slot[4..], _generation);
        BinaryPrimitives.WriteInt64LittleEndian(slot[12..], acked);
        BinaryPrimitives.WriteInt64LittleEndian(slot[20..], dropped);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[28..], Crc32C.Compute(slot[..28]));
        RandomAccess.Write(_handle, slot, (long)(_generation % 2) * SlotSize);
        RandomAccess.FlushToDisk(_handle);
        AckedSequence = acked;
        DroppedTotal = dropped;
    }

    public void Dispose() => _handle.Dispose();
}
