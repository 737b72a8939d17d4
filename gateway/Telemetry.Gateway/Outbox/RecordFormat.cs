using System.Buffers.Binary;

namespace Telemetry.Gateway.Outbox;

/// <summary>
/// On-disk layout of segments and records (little-endian). Documented in docs/outbox.md.
/// <code>
/// segment  = header record*
/// header   = "TLMOUTBX" version:u32 crc32c(magic+version):u32                      ; 16 bytes
/// record   = length:u32 crc:u32 sequence:u64 timestampUnixMs:i64 payload[length]   ; 24 + length bytes
/// crc      = crc32c(length ++ sequence ++ timestamp ++ payload)
/// </code>
/// The length is covered by the checksum, so a torn or bit-flipped length is caught like any other damage, and the
/// length is capped by <see cref="OutboxOptions.MaxRecordBytes"/> before anything is read past it.
/// </summary>
internal static class RecordFormat
{
    public const int SegmentHeaderSize = 16;
    public const int RecordHeaderSize = 24;
    public const uint Version = 1;

    private static ReadOnlySpan<byte> Magic => "TLMOUTBX"u8;

    public static void WriteSegmentHeader(Span<byte> destination)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Crc32C.Compute(destination[..12]));
    }

    public static bool IsValidSegmentHeader(ReadOnlySpan<byte> source) =>
        source.Length >= SegmentHeaderSize
        && source[..8].SequenceEqual(Magic)
        && BinaryPrimitives.ReadUInt32LittleEndian(source[8..]) == Version
        && BinaryPrimitives.ReadUInt32LittleEndian(source[12..]) == Crc32C.Compute(source[..12]);

    /// <summary>Fills the 24-byte header in front of an already written payload and checksums both.</summary>
    public static void CompleteRecord(Span<byte> record, long sequence, long timestampUnixMs)
    {
        var payloadLength = record.Length - RecordHeaderSize;
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payloadLength);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(record[16..], timestampUnixMs);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Checksum(record));
    }

    /// <summary>
    /// Validates the record starting at <paramref name="source"/>[0]. Returns its total size, or 0 when the bytes are
    /// not a complete, intact record (too short, length above the cap, or checksum mismatch).
    /// </summary>
    public static int TryValidate(ReadOnlySpan<byte> source, int maxRecordBytes, out long sequence, out long timestampUnixMs)
    {
        sequence = 0;
        timestampUnixMs = 0;
        if (source.Length < RecordHeaderSize)
        {
            return 0;
        }

        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (payloadLength > (uint)maxRecordBytes || payloadLength > (uint)(source.Length - RecordHeaderSize))
        {
            return 0;
        }

        var record = source[..(RecordHeaderSize + (int)payloadLength)];
        if (BinaryPrimitives.ReadUInt32LittleEndian(record[4..]) != Checksum(record))
        {
            return 0;
        }

        sequence = BinaryPrimitives.ReadInt64LittleEndian(record[8..]);
        timestampUnixMs = BinaryPrimitives.ReadInt64LittleEndian(record[16..]);
        return sequence > 0 ? record.Length : 0;
    }

    public static int PayloadLength(ReadOnlySpan<byte> header) => (int)BinaryPrimitives.ReadUInt32LittleEndian(header);

    private static uint Checksum(ReadOnlySpan<byte> record)
    {
        var state = Crc32C.Append(Crc32C.Seed, record[..4]);
        return Crc32C.Finish(Crc32C.Append(state, record[8..]));
    }
}
