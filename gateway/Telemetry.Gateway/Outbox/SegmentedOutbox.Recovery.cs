using System.Globalization;

namespace Telemetry.Gateway.Outbox;

internal sealed partial class SegmentedOutbox
{
    /// <summary>Sequences found after damage must lie within this distance of the last good one (guards resync).</summary>
    private const long MaxSequenceGapAfterDamage = 1L << 20;

    private bool _damageSinceLastGood;
    private long _tailSequencesSkipped;

    /// <summary>
    /// Opens (creating if needed) the outbox in <see cref="OutboxOptions.Directory"/> and recovers it: every segment is
    /// scanned record by record; damaged regions (torn tail, bit flips, garbage) are copied to quarantine/ and cut out,
    /// the scan resynchronises on the next intact record, and replay starts after the persisted ack cursor.
    /// </summary>
    public static SegmentedOutbox Open(OutboxOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.Directory);
        foreach (var leftover in Directory.EnumerateFiles(options.Directory, "*.tmp"))
        {
            // An interrupted segment rewrite: the original is still in place (rename is atomic).
            File.Delete(leftover);
        }

        var cursor = AckCursor.Open(Path.Combine(options.Directory, "ack.cursor"));
        var outbox = new SegmentedOutbox(options, cursor, time ?? TimeProvider.System);
        try
        {
            outbox.Recover();
        }
        catch
        {
            outbox.Dispose();
            throw;
        }

        return outbox;
    }

    private void Recover()
    {
        var files = new List<(long First, string Path)>();
        foreach (var path in Directory.EnumerateFiles(_options.Directory, "*" + Segment.Extension))
        {
            if (Segment.TryParseFileName(Path.GetFileName(path), out var first))
            {
                files.Add((first, path));
            }
        }

        files.Sort((a, b) => a.First.CompareTo(b.First));
        long lastGood = 0;
        var changedDirectory = false;
        for (var i = 0; i < files.Count; i++)
        {
            var (first, path) = files[i];
            var isLast = i == files.Count - 1;
            var segment = RecoverSegment(first, path, isLast, ref lastGood, out var removed);
            changedDirectory |= removed;
            if (segment is not null && (segment.RecordCount > 0 || isLast))
            {
                _segments.Add(segment);
                _totalBytes += segment.Length;
            }
            else if (segment is not null)
            {
                segment.Dispose();
                File.Delete(path);
                changedDirectory = true;
            }
        }

        var highestFileSequence = _segments.Count > 0 ? _segments[^1].FirstSequence - 1 : 0;
        _nextSequence = Math.Max(Math.Max(lastGood, highestFileSequence), _ackedSequence) + 1;
        if (_segments.Count == 0 || _segments[^1].FirstSequence > _nextSequence)
        {
            var segment = CreateSegment(_nextSequence);
            _segments.Add(segment);
            _totalBytes += segment.Length;
        }

        _writtenSequence = _nextSequence - 1;
        _durableSequence = _writtenSequence;
        if (changedDirectory)
        {
            DirectorySync.Sync(_options.Directory);
        }
    }

    /// <summary>Scans one segment; returns it opened for reading (and appending), or null when it was removed.</summary>
    private Segment? RecoverSegment(long first, string path, bool isLast, ref long lastGood, out bool removed)
    {
        removed = false;
        var bytes = File.ReadAllBytes(path);
        var good = new List<(int Offset, int Size)>();
        var damage = new List<(int Offset, int Length)>();
        long firstTimestamp = 0, lastTimestamp = 0;
        var lastInSegment = Math.Max(lastGood, first - 1);
        var position = RecordFormat.IsValidSegmentHeader(bytes) ? RecordFormat.SegmentHeaderSize : 0;
        if (position == 0)
        {
            // A bad or missing header (including a file created but never written before a power cut): whatever
            // precedes the first intact record is damage, and the segment is rewritten with a good header.
            position = Resync(bytes, 0, lastInSegment, out _);
            damage.Add((0, position));
            _damageSinceLastGood = true;
        }

        while (position < bytes.Length)
        {
            var size = RecordFormat.TryValidate(bytes.AsSpan(position), _options.MaxRecordBytes, out var seq, out var ts);
            if (size > 0 && seq > lastInSegment && seq - lastInSegment <= MaxSequenceGapAfterDamage)
            {
                if (good.Count == 0)
                {
                    firstTimestamp = ts;
                }

                good.Add((position, size));
                if (_damageSinceLastGood)
                {
                    // Sequences are consecutive, so the gap after damage is exactly the records it destroyed.
                    _lostToCorruption += Math.Max(0, seq - lastInSegment - 1);
                    _damageSinceLastGood = false;
                }

                lastInSegment = seq;
                lastTimestamp = ts;
                position += size;
                continue;
            }

            var next = Resync(bytes, position + 1, lastInSegment, out _);
            damage.Add((position, next - position));
            _damageSinceLastGood = true;
            position = next;
        }

        foreach (var (offset, damaged) in damage)
        {
            if (damaged > 0)
            {
                QuarantineBytes(Path.GetFileName(path), offset, bytes.AsSpan(offset, damaged));
            }
        }

        if (damage.Count > 0 && damage[^1].Offset + damage[^1].Length == bytes.Length && damage.Count == 1
            && damage[0].Offset >= RecordFormat.SegmentHeaderSize)
        {
            // The common power-cut case: only the tail is torn. Cutting it off is enough.
            using var tail = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            RandomAccess.SetLength(tail, damage[0].Offset);
            RandomAccess.FlushToDisk(tail);
        }
        else if (damage.Count > 0)
        {
            RewriteSegment(path, bytes, good);
            removed = true;
        }

        var lastRecord = lastInSegment;
        if (isLast && damage.Count > 0 && damage[^1].Offset + damage[^1].Length == bytes.Length && damage[^1].Length > 0)
        {
            // Damage reaching the end of the log may have held records whose sequences we cannot read. Never reuse
            // them: the operations centre deduplicates by (rig, sequence), so a reused number would hide a new
            // detection. Reserve as many as could fit (each record is at least a header), leaving a visible gap.
            var reserve = (damage[^1].Length + RecordFormat.RecordHeaderSize - 1) / RecordFormat.RecordHeaderSize;
            _tailSequencesSkipped += reserve;
            lastInSegment += reserve;
        }

        lastGood = lastInSegment;
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var length = RecordFormat.SegmentHeaderSize + good.Sum(g => (long)g.Size);
        var segment = new Segment(path, first, handle, length)
        {
            RecordCount = good.Count,
            LastSequence = good.Count > 0 ? lastRecord : first - 1,
            FirstTimestampUnixMs = firstTimestamp,
            LastTimestampUnixMs = lastTimestamp,
        };
        return segment;
    }

    /// <summary>Finds the next offset at or after <paramref name="from"/> where an intact record follows the last good sequence.</summary>
    private int Resync(byte[] bytes, int from, long lastGood, out long sequence)
    {
        sequence = 0;
        for (var p = from; p <= bytes.Length - RecordFormat.RecordHeaderSize; p++)
        {
            var size = RecordFormat.TryValidate(bytes.AsSpan(p), _options.MaxRecordBytes, out var seq, out _);
            if (size > 0 && seq > lastGood && seq - lastGood <= MaxSequenceGapAfterDamage)
            {
                sequence = seq;
                return p;
            }
        }

        return bytes.Length;
    }

    /// <summary>Writes header + intact records to a temporary file, fsyncs it and renames it over the original.</summary>
    private static void RewriteSegment(string path, byte[] bytes, List<(int Offset, int Size)> good)
    {
        var temporary = path + ".tmp";
        using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.ReadWrite))
        {
            Span<byte> header = stackalloc byte[RecordFormat.SegmentHeaderSize];
            RecordFormat.WriteSegmentHeader(header);
            RandomAccess.Write(handle, header, 0);
            long offset = RecordFormat.SegmentHeaderSize;
            foreach (var (start, size) in good)
            {
                RandomAccess.Write(handle, bytes.AsSpan(start, size), offset);
                offset += size;
            }

            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private void QuarantineLocked(Segment segment, long offset, long length)
    {
        var buffer = new byte[length];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = RandomAccess.Read(segment.Handle, buffer.AsSpan(read), offset + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        QuarantineBytes(Path.GetFileName(segment.Path), offset, buffer.AsSpan(0, read));
    }

    /// <summary>Keeps damaged bytes for inspection (never deleted by the outbox) and counts them.</summary>
    private void QuarantineBytes(string segmentName, long offset, ReadOnlySpan<byte> bytes)
    {
        Directory.CreateDirectory(_quarantineDirectory);
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"{segmentName}.at{offset}.{_time.GetUtcNow():yyyyMMddTHHmmssfff}.{Guid.NewGuid():N}.bin");
        var path = Path.Combine(_quarantineDirectory, name);
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        {
            RandomAccess.Write(handle, bytes, 0);
            RandomAccess.FlushToDisk(handle);
        }

        DirectorySync.Sync(_quarantineDirectory);
        _quarantinedRegions++;
        _quarantinedBytes += bytes.Length;
    }
}
