using System.Buffers;

namespace Telemetry.Gateway.Outbox;

/// <summary>Writes one record's payload for the sequence the outbox assigns to it.</summary>
internal delegate void OutboxPayloadWriter<in TState>(TState state, long sequence, IBufferWriter<byte> payload);

/// <summary>
/// The durable outbox for detections: an append-only log of segment files with per-record length + CRC-32C framing,
/// an fsync policy, sequence numbers assigned here (so the per-rig sequence survives restarts), a checksummed
/// acknowledgement cursor, truncation of fully acknowledged segments, and replay from the cursor in order. On open, a
/// torn or corrupted region is detected by checksum, copied to quarantine/ and cut out; the rest replays.
/// Modelled on Tsavorite's log (enqueue → logical address, commit policy, truncate-until, recovery info checksummed).
/// Thread-safe: any number of appenders, one reader per <see cref="OutboxCursor"/>, acknowledgements from any thread.
/// </summary>
internal sealed partial class SegmentedOutbox : IDisposable
{
    private readonly OutboxOptions _options;
    private readonly string _quarantineDirectory;
    private readonly TimeProvider _time;
    private readonly Lock _appendGate = new(); // serialises appenders end to end (sequence order = file order)
    private readonly Lock _ackGate = new();    // serialises cursor writes
    private readonly object _gate = new();     // guards the fields below; Monitor so Block can wait on it
    private readonly List<Segment> _segments = [];
    private readonly ArrayBufferWriter<byte> _scratch = new(4096);
    private readonly AckCursor _cursor;
    private long _nextSequence;
    private long _writtenSequence;
    private long _durableSequence;
    private long _ackedSequence;
    private long _totalBytes;
    private int _unsyncedRecords;
    private long _dropped;
    private long _refused;
    private long _lostToCorruption;
    private long _quarantinedRegions;
    private long _quarantinedBytes;
    private bool _disposed;

    private SegmentedOutbox(OutboxOptions options, AckCursor cursor, TimeProvider time)
    {
        _options = options;
        _cursor = cursor;
        _time = time;
        _quarantineDirectory = Path.Combine(options.Directory, "quarantine");
        _ackedSequence = cursor.AckedSequence;
        _dropped = cursor.DroppedTotal;
    }

    /// <summary>Raised (outside locks) whenever new records become durable, so a publisher can wake up.</summary>
    public event Action? RecordsDurable;

    public OutboxOptions Options => _options;

    /// <summary>
    /// Appends one record: assigns the next sequence, lets <paramref name="write"/> serialise the payload with it,
    /// frames and writes it, and (under <see cref="FsyncPolicy.Always"/>) fsyncs before returning. Returns the sequence.
    /// Under the size bound: <see cref="OverflowPolicy.Block"/> waits for acknowledgements (honouring
    /// <paramref name="cancellationToken"/>), <see cref="OverflowPolicy.RefuseNew"/> throws
    /// <see cref="OutboxFullException"/>, <see cref="OverflowPolicy.DropOldest"/> drops whole oldest segments.
    /// </summary>
    public long Append<TState>(TState state, OutboxPayloadWriter<TState> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_appendGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long sequence;
            lock (_gate)
            {
                sequence = _nextSequence;
            }

            _scratch.ResetWrittenCount();
            _scratch.GetSpan(RecordFormat.RecordHeaderSize);
            _scratch.Advance(RecordFormat.RecordHeaderSize); // header filled in below, once the payload length is known
            write(state, sequence, _scratch);
            var recordLength = _scratch.WrittenCount;
            if (recordLength - RecordFormat.RecordHeaderSize > _options.MaxRecordBytes)
            {
                throw new ArgumentException(
                    $"A {recordLength - RecordFormat.RecordHeaderSize}-byte record exceeds Outbox:MaxRecordBytes ({_options.MaxRecordBytes}).");
            }

            var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var record = MemoryMarshalWritten(_scratch);
            RecordFormat.CompleteRecord(record, sequence, timestamp);

            var segment = ReserveSpace(recordLength, timestamp, cancellationToken);
            var offset = segment.Length;
            RandomAccess.Write(segment.Handle, record, offset);
            var syncNow = _options.Fsync == FsyncPolicy.Always || ++_unsyncedRecords >= _options.BatchRecords;
            if (syncNow)
            {
                RandomAccess.FlushToDisk(segment.Handle);
                _unsyncedRecords = 0;
            }

            lock (_gate)
            {
                segment.Length = offset + recordLength;
                if (segment.RecordCount == 0)
                {
                    segment.FirstTimestampUnixMs = timestamp;
                }

                segment.RecordCount++;
                segment.LastSequence = sequence;
                segment.LastTimestampUnixMs = timestamp;
                _totalBytes += recordLength;
                _writtenSequence = sequence;
                _nextSequence = sequence + 1;
                if (syncNow)
                {
                    _durableSequence = sequence;
                }
            }

            if (syncNow)
            {
                RecordsDurable?.Invoke();
            }

            return sequence;
        }
    }

    /// <summary>fsyncs records written under <see cref="FsyncPolicy.Batch"/>; they become visible to readers.</summary>
    public void Flush()
    {
        lock (_appendGate)
        {
            if (_disposed || !FlushUnderAppendGate())
            {
                return;
            }
        }

        RecordsDurable?.Invoke();
    }

    /// <summary>
    /// Records that every sequence up to <paramref name="sequence"/> is acknowledged (cumulative), persists the cursor
    /// (fsync), and deletes segments whose records are all acknowledged. Sequences not yet durable are ignored.
    /// </summary>
    public void Acknowledge(long sequence)
    {
        lock (_ackGate)
        {
            long acked, dropped;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                sequence = Math.Min(sequence, _durableSequence);
                if (sequence <= _ackedSequence)
                {
                    return;
                }

                _ackedSequence = sequence;
                acked = _ackedSequence;
                dropped = _dropped;
            }

            _cursor.Persist(acked, dropped);
            lock (_gate)
            {
                DeleteSegmentsWhere(s => s.LastSequence <= _ackedSequence && s.RecordCount > 0, countAsDropped: false);
                Monitor.PulseAll(_gate);
            }
        }
    }

    public OutboxStats GetStats()
    {
        lock (_gate)
        {
            long oldest = 0;
            foreach (var s in _segments)
            {
                if (s.LastSequence > _ackedSequence && s.RecordCount > 0)
                {
                    oldest = s.FirstTimestampUnixMs;
                    break;
                }
            }

            return new OutboxStats(
                NextSequence: _nextSequence,
                DurableSequence: _durableSequence,
                AckedSequence: _ackedSequence,
                Pending: Math.Max(0, _durableSequence - _ackedSequence),
                TotalBytes: _totalBytes,
                Segments: _segments.Count,
                OldestPendingUnixMs: oldest,
                Dropped: _dropped,
                Refused: _refused,
                LostToCorruption: _lostToCorruption,
                QuarantinedRegions: _quarantinedRegions,
                QuarantinedBytes: _quarantinedBytes,
                TailSequencesSkipped: _tailSequencesSkipped);
        }
    }

    public void Dispose()
    {
        lock (_appendGate)
        {
            if (_disposed)
            {
                return;
            }

            FlushUnderAppendGate();
            lock (_gate)
            {
                _disposed = true;
                foreach (var s in _segments)
                {
                    s.Dispose();
                }

                _segments.Clear();
                Monitor.PulseAll(_gate);
            }

            _cursor.Dispose();
        }
    }

    private static Span<byte> MemoryMarshalWritten(ArrayBufferWriter<byte> writer) =>
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(writer.WrittenMemory).Span;

    private bool FlushUnderAppendGate()
    {
        Segment active;
        lock (_gate)
        {
            if (_durableSequence == _writtenSequence)
            {
                return false;
            }

            active = _segments[^1];
        }

        RandomAccess.FlushToDisk(active.Handle);
        _unsyncedRecords = 0;
        lock (_gate)
        {
            _durableSequence = _writtenSequence;
        }

        return true;
    }

    /// <summary>Applies the size/age bounds and rolls the active segment; returns the segment to write into.</summary>
    private Segment ReserveSpace(int recordLength, long nowUnixMs, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_options.Overflow == OverflowPolicy.DropOldest)
            {
                var horizon = nowUnixMs - (long)_options.MaxAge.TotalMilliseconds;
                DeleteSegmentsWhere(s => s != _segments[^1] && s.RecordCount > 0 && s.LastTimestampUnixMs < horizon, countAsDropped: true);
            }

            while (_totalBytes + recordLength > _options.MaxBytes)
            {
                if (TryReclaimAckedLocked())
                {
                    continue;
                }

                switch (_options.Overflow)
                {
                    case OverflowPolicy.RefuseNew:
                        _refused++;
                        throw new OutboxFullException();
                    case OverflowPolicy.DropOldest:
                        if (_segments.Count == 1 && _segments[0].RecordCount == 0)
                        {
                            _refused++;
                            throw new OutboxFullException("One record is larger than Outbox:MaxBytes allows; raise Outbox:MaxBytes.");
                        }

                        if (_segments.Count == 1)
                        {
                            RollLocked();
                        }

                        DeleteSegmentsWhere(s => s == _segments[0], countAsDropped: true);
                        break;
                    default:
                        // Block: anything written but unsynced must become durable first, or it could never be
                        // published and acknowledged, and this wait would never end.
                        if (FlushUnderAppendGate())
                        {
                            RecordsDurable?.Invoke();
                        }

                        ObjectDisposedException.ThrowIf(_disposed, this);
                        cancellationToken.ThrowIfCancellationRequested();
                        Monitor.Wait(_gate, TimeSpan.FromMilliseconds(200));
                        break;
                }
            }

            var active = _segments[^1];
            if (active.RecordCount > 0 && active.Length + recordLength > _options.SegmentBytes)
            {
                active = RollLocked();
            }

            return active;
        }
    }

    /// <summary>
    /// When the active segment holds only acknowledged records it cannot be deleted while active: roll it so it can.
    /// Returns true when space was freed.
    /// </summary>
    private bool TryReclaimAckedLocked()
    {
        var active = _segments[^1];
        if (active.RecordCount == 0 || active.LastSequence > _ackedSequence)
        {
            return false;
        }

        RollLocked();
        DeleteSegmentsWhere(s => s.LastSequence <= _ackedSequence && s.RecordCount > 0, countAsDropped: false);
        return true;
    }

    /// <summary>Closes the active segment (fsynced) and starts the next one at the next sequence.</summary>
    private Segment RollLocked()
    {
        var previous = _segments[^1];
        if (_durableSequence != _writtenSequence)
        {
            RandomAccess.FlushToDisk(previous.Handle);
            _durableSequence = _writtenSequence;
            _unsyncedRecords = 0;
        }

        var segment = CreateSegment(_nextSequence);
        _segments.Add(segment);
        _totalBytes += segment.Length;
        return segment;
    }

    private Segment CreateSegment(long firstSequence)
    {
        var path = Path.Combine(_options.Directory, Segment.FileName(firstSequence));
        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        Span<byte> header = stackalloc byte[RecordFormat.SegmentHeaderSize];
        RecordFormat.WriteSegmentHeader(header);
        RandomAccess.Write(handle, header, 0);
        RandomAccess.FlushToDisk(handle);
        DirectorySync.Sync(_options.Directory);
        return new Segment(path, firstSequence, handle, RecordFormat.SegmentHeaderSize);
    }

    /// <summary>Deletes matching segments from the front (never the active one); counts unacknowledged records as dropped.</summary>
    private void DeleteSegmentsWhere(Func<Segment, bool> predicate, bool countAsDropped)
    {
        var deleted = false;
        while (_segments.Count > 1 && predicate(_segments[0]))
        {
            var segment = _segments[0];
            if (countAsDropped)
            {
                var firstUnacked = Math.Max(_ackedSequence + 1, segment.FirstSequence);
                var lost = Math.Max(0, segment.LastSequence - firstUnacked + 1);
                _dropped += lost;
                _ackedSequence = Math.Max(_ackedSequence, segment.LastSequence);
            }

            _segments.RemoveAt(0);
            _totalBytes -= segment.Length;
            segment.Dispose();
            File.Delete(segment.Path);
            deleted = true;
        }

        if (deleted)
        {
            DirectorySync.Sync(_options.Directory);
            if (countAsDropped)
            {
                _cursor.Persist(_ackedSequence, _dropped);
            }
        }
    }
}

/// <summary>A snapshot of the outbox counters, published as metrics and on the status topic.</summary>
internal readonly record struct OutboxStats(
    long NextSequence,
    long DurableSequence,
    long AckedSequence,
    long Pending,
    long TotalBytes,
    int Segments,
    long OldestPendingUnixMs,
    long Dropped,
    long Refused,
    long LostToCorruption,
    long QuarantinedRegions,
    long QuarantinedBytes,
    long TailSequencesSkipped);
