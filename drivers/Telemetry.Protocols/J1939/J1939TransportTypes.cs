namespace Telemetry.Protocols.J1939;

/// <summary>What one CAN frame did to the transport-protocol reassembler.</summary>
public enum J1939TransportOutcome : byte
{
    /// <summary>Not a TP.CM / TP.DT frame: decode it as a single-frame message.</summary>
    NotTransport,

    /// <summary>A transport frame that advanced (or harmlessly touched) a session.</summary>
    Consumed,

    /// <summary>A multi-packet message is complete.</summary>
    Completed,

    /// <summary>The frame broke a rule; see the error. A session may have been closed.</summary>
    Rejected,
}

/// <summary>Why the reassembler rejected a frame or dropped a session.</summary>
public enum J1939TransportError : byte
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Announced size outside 9–1785 bytes (or the configured cap).</summary>
    Oversize,

    /// <summary>Announced packet count does not match the size, or exceeds 255.</summary>
    BadPacketCount,

    /// <summary>TP.DT, CTS or EoMA with no open session.</summary>
    NoSession,

    /// <summary>TP.DT sequence number 0 or beyond the announced count.</summary>
    SequenceOutOfRange,

    /// <summary>A packet already received came again (ignored).</summary>
    DuplicatePacket,

    /// <summary>A session saw no traffic within its J1939-21 timeout (T1–T4) and was dropped.</summary>
    Timeout,

    /// <summary>Connection abort seen, or the receiver acknowledged a message we had not fully seen.</summary>
    Aborted,

    /// <summary>A new RTS/BAM from the same sender replaced an unfinished session.</summary>
    Replaced,

    /// <summary>All session slots are busy.</summary>
    TooManySessions,

    /// <summary>Wrong frame length or unknown control byte.</summary>
    Malformed,
}

/// <summary>Reassembler limits and J1939-21 timeouts.</summary>
public sealed record J1939TransportOptions
{
    /// <summary>J1939-21 maximum: 255 packets × 7 bytes.</summary>
    public const int MaxMessageSizeLimit = 1785;

    /// <summary>Concurrent sessions (each holds a 1785-byte buffer allocated once).</summary>
    public int MaxSessions { get; init; } = 16;

    /// <summary>Largest accepted message (≤ 1785).</summary>
    public int MaxMessageSize { get; init; } = MaxMessageSizeLimit;

    /// <summary>T1: gap allowed between data packets (750 ms).</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(750);

    /// <summary>T2: wait for data after a CTS (1250 ms).</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromMilliseconds(1250);

    /// <summary>T3: sender's wait for CTS / EoMA after RTS or a block of packets (1250 ms).</summary>
    public TimeSpan T3 { get; init; } = TimeSpan.FromMilliseconds(1250);

    /// <summary>T4: wait after a CTS that holds the connection open (count 0) (1050 ms).</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromMilliseconds(1050);

    /// <summary>Throws with the key and the fix when a limit is impossible.</summary>
    public void Validate()
    {
        if (MaxSessions is < 1 or > 256)
        {
            throw new ArgumentException("J1939:Transport:MaxSessions must be 1–256.");
        }

        if (MaxMessageSize is < 9 or > MaxMessageSizeLimit)
        {
            throw new ArgumentException($"J1939:Transport:MaxMessageSize must be 9–{MaxMessageSizeLimit} (J1939-21 limit).");
        }
    }
}

/// <summary>A reassembled multi-packet message; <see cref="Data"/> is valid until the next call into the reassembler.</summary>
public readonly ref struct J1939TransportMessage
{
    /// <summary>Creates a message view.</summary>
    public J1939TransportMessage(J1939Id id, ReadOnlySpan<byte> data)
    {
        Id = id;
        Data = data;
    }

    /// <summary>Identifier of the carried group (its PGN, the sender, the destination; priority of the last TP frame).</summary>
    public J1939Id Id { get; }

    /// <summary>The reassembled bytes.</summary>
    public ReadOnlySpan<byte> Data { get; }
}

/// <summary>Reassembly counters, interlocked for metrics readers.</summary>
public sealed class J1939TransportStats
{
    private readonly long[] _errors = new long[Enum.GetValues<J1939TransportError>().Length];
    private long _completed;

    /// <summary>Messages completed.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Count for one error.</summary>
    public long Errors(J1939TransportError error) => Interlocked.Read(ref _errors[(int)error]);

    internal void AddCompleted() => Interlocked.Increment(ref _completed);

    internal void Add(J1939TransportError error) => Interlocked.Increment(ref _errors[(int)error]);
}
