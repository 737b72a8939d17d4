using System.Buffers.Binary;

namespace Telemetry.Protocols.J1939;

/// <summary>
/// Passive J1939-21 transport-protocol reassembler for a bus tap: follows BAM and RTS/CTS sessions (TP.CM PGN 60416,
/// TP.DT PGN 60160) without ever transmitting. Time is passed in explicitly (ms from any monotonic origin), so tests
/// drive timeouts without sleeping. Nothing is allocated after construction.
/// </summary>
/// <remarks>
/// TP.CM control bytes: 16 RTS (size, packets, max per CTS, PGN), 17 CTS (count, next), 19 EoMA (size, packets),
/// 32 BAM (size, packets), 255 Abort (reason). TP.DT: sequence 1–255 then 7 data bytes.
/// The standard sends packets in order; a tap may still see them re-ordered or repeated (adapter buffering, sender
/// retransmission after a CTS), so packets are slotted by sequence number, duplicates ignored and counted, and the
/// message completes when every packet is present. A missing packet shows up as a timeout (T1–T4) or as an EoMA for
/// a message we did not see whole (Aborted).
/// </remarks>
public sealed class J1939TransportReassembler
{
    private const byte Rts = 16;
    private const byte Cts = 17;
    private const byte EndOfMessageAck = 19;
    private const byte Bam = 32;
    private const byte Abort = 255;
    private const int PacketBytes = 7;

    private readonly J1939TransportOptions _options;
    private readonly Session[] _sessions;

    /// <summary>Creates a reassembler; session buffers are allocated here, once.</summary>
    public J1939TransportReassembler(J1939TransportOptions? options = null)
    {
        _options = options ?? new J1939TransportOptions();
        _options.Validate();
        _sessions = new Session[_options.MaxSessions];
        for (var i = 0; i < _sessions.Length; i++)
        {
            _sessions[i] = new Session(_options.MaxMessageSize);
        }
    }

    /// <summary>Counters.</summary>
    public J1939TransportStats Stats { get; } = new();

    /// <summary>Sessions currently open.</summary>
    public int OpenSessions => _sessions.Count(s => s.Active);

    /// <summary>Feeds one frame. Expired sessions are dropped first (counted as timeouts).</summary>
    public J1939TransportOutcome Accept(in J1939Id id, ReadOnlySpan<byte> data, long timestampMs, out J1939TransportMessage message, out J1939TransportError error)
    {
        message = default;
        error = J1939TransportError.None;
        if (id.Pgn != J1939Catalog.TransportConnectionPgn && id.Pgn != J1939Catalog.TransportDataPgn)
        {
            return J1939TransportOutcome.NotTransport;
        }

        Expire(timestampMs);
        if (data.Length != 8)
        {
            return Reject(J1939TransportError.Malformed, out error);
        }

        return id.Pgn == J1939Catalog.TransportDataPgn
            ? OnData(id, data, timestampMs, out message, out error)
            : OnConnection(id, data, timestampMs, out error);
    }

    /// <summary>Drops sessions whose deadline has passed; returns how many.</summary>
    public int Expire(long timestampMs)
    {
        var expired = 0;
        foreach (var session in _sessions)
        {
            if (session.Active && timestampMs > session.Deadline)
            {
                session.Active = false;
                Stats.Add(J1939TransportError.Timeout);
                expired++;
            }
        }

        return expired;
    }

    private J1939TransportOutcome OnConnection(in J1939Id id, ReadOnlySpan<byte> data, long now, out J1939TransportError error)
    {
        error = J1939TransportError.None;
        var pgn = data[5] | ((uint)data[6] << 8) | ((uint)data[7] << 16);
        switch (data[0])
        {
            // RTS: 16, size (2), packets, max packets per CTS, PGN (3)   |   BAM: 32, size (2), packets, 0xFF, PGN (3)
            case Rts or Bam:
            {
                var size = BinaryPrimitives.ReadUInt16LittleEndian(data[1..]);
                var packets = data[3];
                if (size < 9 || size > _options.MaxMessageSize)
                {
                    return Reject(J1939TransportError.Oversize, out error);
                }

                if (packets != (size + PacketBytes - 1) / PacketBytes)
                {
                    return Reject(J1939TransportError.BadPacketCount, out error);
                }

                var session = Find(id.SourceAddress, id.DestinationAddress);
                if (session is not null)
                {
                    Stats.Add(J1939TransportError.Replaced);
                }
                else
                {
                    session = FreeSlot();
                    if (session is null)
                    {
                        return Reject(J1939TransportError.TooManySessions, out error);
                    }
                }

                var bam = data[0] == Bam;
                session.Open(id.SourceAddress, id.DestinationAddress, pgn, size, packets, bam);
                session.Deadline = now + Ms(bam ? _options.T1 : _options.T3);
                return J1939TransportOutcome.Consumed;
            }

            // CTS from the receiver: 17, packets to send (0 = hold), next packet, 0xFF 0xFF, PGN (3)
            case Cts:
            {
                var session = Find(id.DestinationAddress, id.SourceAddress);
                if (session is null || session.IsBam)
                {
                    return Reject(J1939TransportError.NoSession, out error);
                }

                session.UntilCts = data[1];
                session.Deadline = now + Ms(data[1] == 0 ? _options.T4 : _options.T2);
                return J1939TransportOutcome.Consumed;
            }

            // EoMA from the receiver: 19, size (2), packets, 0xFF, PGN (3). We complete on the last packet, so a
            // still-open session here means we missed data the receiver got.
            case EndOfMessageAck:
            {
                var session = Find(id.DestinationAddress, id.SourceAddress);
                if (session is null)
                {
                    return J1939TransportOutcome.Consumed;
                }

                session.Active = false;
                return Reject(J1939TransportError.Aborted, out error);
            }

            // Abort, from either side: 255, reason, 0xFF ×3, PGN (3)
            case Abort:
            {
                var session = Find(id.SourceAddress, id.DestinationAddress) ?? Find(id.DestinationAddress, id.SourceAddress);
                if (session is null || session.Pgn != pgn)
                {
                    return Reject(J1939TransportError.NoSession, out error);
                }

                session.Active = false;
                return Reject(J1939TransportError.Aborted, out error);
            }

            default:
                return Reject(J1939TransportError.Malformed, out error);
        }
    }

    // TP.DT: sequence (1..packets), 7 data bytes (the last packet padded with 0xFF).
    private J1939TransportOutcome OnData(in J1939Id id, ReadOnlySpan<byte> data, long now, out J1939TransportMessage message, out J1939TransportError error)
    {
        message = default;
        error = J1939TransportError.None;
        var session = Find(id.SourceAddress, id.DestinationAddress);
        if (session is null)
        {
            return Reject(J1939TransportError.NoSession, out error);
        }

        var sequence = data[0];
        if (sequence == 0 || sequence > session.Packets)
        {
            return Reject(J1939TransportError.SequenceOutOfRange, out error);
        }

        if (!session.Mark(sequence))
        {
            return Reject(J1939TransportError.DuplicatePacket, out error);
        }

        var offset = (sequence - 1) * PacketBytes;
        var count = Math.Min(PacketBytes, session.Size - offset);
        data.Slice(1, count).CopyTo(session.Buffer.AsSpan(offset));
        if (session.ReceivedCount == session.Packets)
        {
            session.Active = false;
            Stats.AddCompleted();
            message = new J1939TransportMessage(
                new J1939Id { Priority = id.Priority, Pgn = session.Pgn, SourceAddress = session.Source, DestinationAddress = session.Destination },
                session.Buffer.AsSpan(0, session.Size));
            return J1939TransportOutcome.Completed;
        }

        if (!session.IsBam && session.UntilCts > 0)
        {
            session.UntilCts--;
        }

        // Inside a block packets follow within T1; after the last of a CTS block the sender waits up to T3 for the next CTS.
        var wait = session.IsBam || session.UntilCts > 0 ? _options.T1 : _options.T3;
        session.Deadline = now + Ms(wait);
        return J1939TransportOutcome.Consumed;
    }

    private J1939TransportOutcome Reject(J1939TransportError reason, out J1939TransportError error)
    {
        error = reason;
        Stats.Add(reason);
        return J1939TransportOutcome.Rejected;
    }

    private Session? Find(byte source, byte destination)
    {
        foreach (var session in _sessions)
        {
            if (session.Active && session.Source == source && session.Destination == destination)
            {
                return session;
            }
        }

        return null;
    }

    private Session? FreeSlot()
    {
        foreach (var session in _sessions)
        {
            if (!session.Active)
            {
                return session;
            }
        }

        return null;
    }

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;

    private sealed class Session(int capacity)
    {
        private readonly ulong[] _received = new ulong[4];

        public byte[] Buffer { get; } = new byte[capacity];

        public bool Active { get; set; }

        public bool IsBam { get; private set; }

        public byte Source { get; private set; }

        public byte Destination { get; private set; }

        public uint Pgn { get; private set; }

        public int Size { get; private set; }

        public int Packets { get; private set; }

        public int ReceivedCount { get; private set; }

        public int UntilCts { get; set; }

        public long Deadline { get; set; }

        public void Open(byte source, byte destination, uint pgn, int size, int packets, bool bam)
        {
            Active = true;
            IsBam = bam;
            Source = source;
            Destination = destination;
            Pgn = pgn;
            Size = size;
            Packets = packets;
            ReceivedCount = 0;
            UntilCts = 0;
            Array.Clear(_received);
        }

        /// <summary>Marks a packet received; false when it already was.</summary>
        public bool Mark(int sequence)
        {
            var word = sequence >> 6;
            var bit = 1UL << (sequence & 63);
            if ((_received[word] & bit) != 0)
            {
                return false;
            }

            _received[word] |= bit;
            ReceivedCount++;
            return true;
        }
    }
}
