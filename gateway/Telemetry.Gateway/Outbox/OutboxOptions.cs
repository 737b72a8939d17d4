namespace Telemetry.Gateway.Outbox;

/// <summary>When a record reaches the disk relative to <see cref="SegmentedOutbox.Append{TState}"/> returning.</summary>
internal enum FsyncPolicy
{
    /// <summary>fsync before Append returns: an accepted record survives a power cut. The default.</summary>
    Always,

    /// <summary>
    /// Append returns after the write(2); <see cref="SegmentedOutbox.Flush"/> (called by a timer every
    /// <see cref="OutboxOptions.BatchInterval"/> or after <see cref="OutboxOptions.BatchRecords"/> records) fsyncs them
    /// together. A record is published only once durable, so a power cut can lose at most the unsynced batch, and never
    /// a record the operations centre has seen.
    /// </summary>
    Batch,
}

/// <summary>What happens when the outbox is at its size bound (or, for <see cref="DropOldest"/>, its age bound).</summary>
internal enum OverflowPolicy
{
    /// <summary>Appends wait for acknowledgements to free space (back-pressure up the pipeline). Nothing is dropped.</summary>
    Block,

    /// <summary>New records are refused with <see cref="OutboxFullException"/> and counted; stored ones are kept.</summary>
    RefuseNew,

    /// <summary>The oldest unacknowledged segment is deleted to make room; every record dropped is counted.</summary>
    DropOldest,
}

/// <summary>Configuration of a <see cref="SegmentedOutbox"/>. Immutable.</summary>
internal sealed record OutboxOptions
{
    /// <summary>Directory holding segments, the ack cursor and the quarantine folder.</summary>
    public required string Directory { get; init; }

    public FsyncPolicy Fsync { get; init; } = FsyncPolicy.Always;

    public TimeSpan BatchInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    public int BatchRecords { get; init; } = 256;

    /// <summary>A segment is closed and a new one started once it exceeds this size.</summary>
    public long SegmentBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>Upper bound on the bytes of unacknowledged records kept on disk.</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Age bound of the oldest unacknowledged record. Enforced by dropping only under <see cref="OverflowPolicy.DropOldest"/>;
    /// under the other policies an exceeded age is reported (status and metrics), never acted on by deleting.
    /// </summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(30);

    public OverflowPolicy Overflow { get; init; } = OverflowPolicy.Block;

    /// <summary>Hard cap of one record's payload; a length field above it is corruption, not a record.</summary>
    public int MaxRecordBytes { get; init; } = 64 * 1024;
}

/// <summary>Thrown by Append under <see cref="OverflowPolicy.RefuseNew"/> when the outbox is full.</summary>
internal sealed class OutboxFullException : Exception
{
    public OutboxFullException()
        : base("The outbox is full (Outbox:MaxBytes reached) and Outbox:Overflow is RefuseNew; the record was refused and counted.")
    {
    }

    public OutboxFullException(string message)
        : base(message)
    {
    }

    public OutboxFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
