using System.Buffers;

namespace Telemetry.Gateway.Outbox;

/// <summary>A reader's position in the outbox. Not thread-safe; one per consumer.</summary>
internal sealed class OutboxCursor
{
    internal OutboxCursor(long nextSequence, int maxRecordBytes)
    {
        NextSequence = nextSequence;
        Buffer = new byte[RecordFormat.RecordHeaderSize + maxRecordBytes];
    }

    /// <summary>The lowest sequence the next read may return.</summary>
    public long NextSequence { get; internal set; }

    internal Segment? Segment { get; set; }

    internal long Offset { get; set; }

    internal byte[] Buffer { get; }
}

internal sealed partial class SegmentedOutbox
{
    /// <summary>A cursor at the first unacknowledged record: replay after a restart or a reconnect starts here.</summary>
    public OutboxCursor OpenCursor()
    {
        lock (_gate)
        {
            return new OutboxCursor(_ackedSequence + 1, _options.MaxRecordBytes);
        }
    }

    /// <summary>Moves <paramref name="cursor"/> back to the first unacknowledged record (e.g. after a reconnect).</summary>
    public void Rewind(OutboxCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        lock (_gate)
        {
            cursor.NextSequence = _ackedSequence + 1;
            cursor.Segment = null;
        }
    }

    /// <summary>
    /// Reads the next durable record at or after the cursor into <paramref name="payload"/>. Returns false when none
    /// is durable yet. Records are returned in sequence order; acknowledged and dropped ones are skipped.
    /// </summary>
    public bool TryRead(OutboxCursor cursor, IBufferWriter<byte> payload, out long sequence, out long timestampUnixMs)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(payload);
        sequence = 0;
        timestampUnixMs = 0;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (cursor.NextSequence <= _ackedSequence)
            {
                cursor.NextSequence = _ackedSequence + 1;
                cursor.Segment = null;
            }

            while (cursor.NextSequence <= _durableSequence)
            {
                var index = cursor.Segment is null ? -1 : _segments.IndexOf(cursor.Segment);
                if (index < 0)
                {
                    index = _segments.FindIndex(s => s.RecordCount > 0 && s.LastSequence >= cursor.NextSequence);
                    if (index < 0)
                    {
                        return false;
                    }

                    cursor.Segment = _segments[index];
                    cursor.Offset = RecordFormat.SegmentHeaderSize;
                }

                var segment = cursor.Segment!;
                if (cursor.Offset >= segment.Length)
                {
                    if (index + 1 >= _segments.Count)
                    {
                        return false;
                    }

                    cursor.Segment = _segments[index + 1];
                    cursor.Offset = RecordFormat.SegmentHeaderSize;
                    continue;
                }

                var size = ReadRecord(segment, cursor.Offset, cursor.Buffer, out var seq, out var ts);
                if (size == 0)
                {
                    // Damage that appeared after recovery (media error, bit rot): keep the bytes, count what is lost,
                    // and carry on with the next segment rather than stopping the whole outbox.
                    QuarantineLocked(segment, cursor.Offset, segment.Length - cursor.Offset);
                    _lostToCorruption += Math.Max(0, segment.LastSequence - cursor.NextSequence + 1);
                    cursor.NextSequence = Math.Max(cursor.NextSequence, segment.LastSequence + 1);
                    cursor.Offset = segment.Length;
                    continue;
                }

                cursor.Offset += size;
                if (seq < cursor.NextSequence)
                {
                    continue;
                }

                var body = cursor.Buffer.AsSpan(RecordFormat.RecordHeaderSize, size - RecordFormat.RecordHeaderSize);
                body.CopyTo(payload.GetSpan(body.Length));
                payload.Advance(body.Length);
                cursor.NextSequence = seq + 1;
                sequence = seq;
                timestampUnixMs = ts;
                return true;
            }

            return false;
        }
    }

    private int ReadRecord(Segment segment, long offset, byte[] buffer, out long sequence, out long timestamp)
    {
        sequence = 0;
        timestamp = 0;
        var available = (int)Math.Min(buffer.Length, segment.Length - offset);
        if (available < RecordFormat.RecordHeaderSize)
        {
            return 0;
        }

        ReadExactly(segment, buffer.AsSpan(0, RecordFormat.RecordHeaderSize), offset);
        var payloadLength = RecordFormat.PayloadLength(buffer);
        if (payloadLength < 0 || payloadLength > _options.MaxRecordBytes || RecordFormat.RecordHeaderSize + payloadLength > available)
        {
            return 0;
        }

        ReadExactly(segment, buffer.AsSpan(RecordFormat.RecordHeaderSize, payloadLength), offset + RecordFormat.RecordHeaderSize);
        return RecordFormat.TryValidate(buffer.AsSpan(0, RecordFormat.RecordHeaderSize + payloadLength), _options.MaxRecordBytes, out sequence, out timestamp);
    }

    private static void ReadExactly(Segment segment, Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            var n = RandomAccess.Read(segment.Handle, destination, offset);
            if (n == 0)
            {
                throw new EndOfStreamException($"{segment.Path} ended at {offset} while a record was being read.");
            }

            destination = destination[n..];
            offset += n;
        }
    }
}
