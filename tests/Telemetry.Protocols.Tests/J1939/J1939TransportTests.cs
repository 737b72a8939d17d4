using Telemetry.Protocols.Can;
using Telemetry.Protocols.J1939;

namespace Telemetry.Protocols.Tests.J1939;

public sealed class J1939TransportTests
{
    private const uint Dm1 = 65226;

    private static byte[] Payload(int size) => [.. Enumerable.Range(0, size).Select(i => (byte)(i * 7 + 3))];

    [Fact]
    public void Bam_reassembles_in_order()
    {
        var data = Payload(20);
        var frames = Bam(data);
        Assert.Equal(4, frames.Length); // BAM + 3 packets
        var reassembler = new J1939TransportReassembler();
        var (outcome, message) = Feed(reassembler, frames, step: 50);
        Assert.Equal(J1939TransportOutcome.Completed, outcome);
        Assert.Equal(data, message.Data);
        Assert.Equal(Dm1, message.Pgn);
        Assert.Equal(0x00, message.Source);
        Assert.Equal(0xFF, message.Destination);
        Assert.Equal(1, reassembler.Stats.Completed);
    }

    [Fact]
    public void Bam_wire_format_matches_j1939_21()
    {
        var frames = Bam(Payload(20));
        var cm = J1939Id.FromCanId(frames[0].Id);
        Assert.Equal(J1939Catalog.TransportConnectionPgn, cm.Pgn);
        Assert.Equal(0xFF, cm.DestinationAddress);
        // 32 = BAM, size 20 (LE), 3 packets, 0xFF, PGN 65226 = 0x00FECA (LE)
        Assert.Equal(new byte[] { 32, 20, 0, 3, 0xFF, 0xCA, 0xFE, 0x00 }, frames[0].Data.ToArray());
        Assert.Equal(3, frames[3].Data[0]);
        Assert.Equal(0x65, frames[3].Data[1]); // payload byte 14 = 14 × 7 + 3 = 101
        Assert.Equal(0xFF, frames[3].Data[7]); // 20 − 14 = 6 bytes, then padding
    }

    [Fact]
    public void Out_of_order_and_duplicated_packets_still_reassemble_exactly()
    {
        var data = Payload(30); // 5 packets
        var frames = Bam(data);
        CanFrame[] shuffled = [frames[0], frames[3], frames[1], frames[1], frames[5], frames[2], frames[3], frames[4]];
        var reassembler = new J1939TransportReassembler();
        var (outcome, message) = Feed(reassembler, shuffled, step: 10);
        Assert.Equal(J1939TransportOutcome.Completed, outcome);
        Assert.Equal(data, message.Data);
        Assert.Equal(2, reassembler.Stats.Errors(J1939TransportError.DuplicatePacket));
    }

    [Fact]
    public void Missing_packet_times_out_after_t1_and_later_packets_find_no_session()
    {
        var frames = Bam(Payload(30));
        var reassembler = new J1939TransportReassembler();
        Feed(reassembler, [frames[0], frames[1], frames[2], frames[4]], step: 50);
        Assert.Equal(1, reassembler.OpenSessions);
        Assert.Equal(0, reassembler.Expire(150 + 750)); // exactly T1 after the last packet: still open
        Assert.Equal(1, reassembler.Expire(150 + 751));
        Assert.Equal(1, reassembler.Stats.Errors(J1939TransportError.Timeout));
        var id = J1939Id.FromCanId(frames[5].Id);
        var outcome = reassembler.Accept(id, frames[5].Data, 1000, out _, out var error);
        Assert.Equal(J1939TransportOutcome.Rejected, outcome);
        Assert.Equal(J1939TransportError.NoSession, error);
    }

    [Fact]
    public void Rts_cts_session_completes_and_eoma_is_harmless_afterwards()
    {
        var data = Payload(100); // 15 packets
        var sender = new CanFrame[16];
        Assert.Equal(16, J1939Writer.WriteRtsAndPackets(7, Dm1, 0x00, 0x25, data, sender));
        CanFrame[] conversation =
        [
            sender[0],
            J1939Writer.CreateClearToSend(0x25, 0x00, 8, 1, Dm1),
            .. sender[1..9],
            J1939Writer.CreateClearToSend(0x25, 0x00, 7, 9, Dm1),
            .. sender[9..16],
        ];
        var reassembler = new J1939TransportReassembler();
        var (outcome, message) = Feed(reassembler, conversation, step: 20);
        Assert.Equal(J1939TransportOutcome.Completed, outcome);
        Assert.Equal(data, message.Data);
        Assert.Equal(0x25, message.Destination);
        var eoma = J1939Writer.CreateEndOfMessageAck(0x25, 0x00, data.Length, Dm1);
        Assert.Equal(J1939TransportOutcome.Consumed, reassembler.Accept(J1939Id.FromCanId(eoma.Id), eoma.Data, 1000, out _, out _));
    }

    [Fact]
    public void Eoma_before_we_saw_every_packet_counts_the_message_as_lost()
    {
        var data = Payload(20);
        var sender = new CanFrame[4];
        J1939Writer.WriteRtsAndPackets(7, Dm1, 0x00, 0x25, data, sender);
        CanFrame[] conversation = [sender[0], J1939Writer.CreateClearToSend(0x25, 0x00, 3, 1, Dm1), sender[1], sender[3], J1939Writer.CreateEndOfMessageAck(0x25, 0x00, 20, Dm1)];
        var reassembler = new J1939TransportReassembler();
        var (outcome, _) = Feed(reassembler, conversation, step: 20);
        Assert.Equal(J1939TransportOutcome.Rejected, outcome);
        Assert.Equal(1, reassembler.Stats.Errors(J1939TransportError.Aborted));
        Assert.Equal(0, reassembler.OpenSessions);
    }

    [Fact]
    public void Cts_hold_uses_t4_and_rts_waits_t3()
    {
        var sender = new CanFrame[4];
        J1939Writer.WriteRtsAndPackets(7, Dm1, 0x00, 0x25, Payload(20), sender);
        var reassembler = new J1939TransportReassembler();
        Feed(reassembler, [sender[0]], step: 0);
        Assert.Equal(0, reassembler.Expire(1250));
        var hold = J1939Writer.CreateClearToSend(0x25, 0x00, 0, 1, Dm1);
        Assert.Equal(J1939TransportOutcome.Consumed, reassembler.Accept(J1939Id.FromCanId(hold.Id), hold.Data, 1200, out _, out _));
        Assert.Equal(0, reassembler.Expire(1200 + 1050));
        Assert.Equal(1, reassembler.Expire(1200 + 1051));
    }

    [Fact]
    public void Abort_closes_the_session()
    {
        var sender = new CanFrame[4];
        J1939Writer.WriteRtsAndPackets(7, Dm1, 0x00, 0x25, Payload(20), sender);
        var reassembler = new J1939TransportReassembler();
        var (outcome, _) = Feed(reassembler, [sender[0], sender[1], J1939Writer.CreateAbort(0x25, 0x00, 3, Dm1)], step: 10);
        Assert.Equal(J1939TransportOutcome.Rejected, outcome);
        Assert.Equal(0, reassembler.OpenSessions);
        Assert.Equal(1, reassembler.Stats.Errors(J1939TransportError.Aborted));
    }

    [Theory]
    [InlineData(1786, 256, J1939TransportError.Oversize)]
    [InlineData(8, 2, J1939TransportError.Oversize)]
    [InlineData(20, 4, J1939TransportError.BadPacketCount)]
    public void Announcements_beyond_the_caps_are_rejected(int size, int packets, J1939TransportError expected)
    {
        byte[] cm = [32, (byte)size, (byte)(size >> 8), (byte)packets, 0xFF, 0xCA, 0xFE, 0x00];
        var id = J1939Id.Create(7, J1939Catalog.TransportConnectionPgn, 0x00, 0xFF);
        var reassembler = new J1939TransportReassembler();
        Assert.Equal(J1939TransportOutcome.Rejected, reassembler.Accept(id, cm, 0, out _, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(0, reassembler.OpenSessions);
    }

    [Fact]
    public void Largest_message_of_255_packets_reassembles()
    {
        var data = Payload(1785);
        var (outcome, message) = Feed(new J1939TransportReassembler(), Bam(data), step: 1);
        Assert.Equal(J1939TransportOutcome.Completed, outcome);
        Assert.Equal(data, message.Data);
    }

    [Fact]
    public void Sequence_out_of_range_and_session_cap_are_counted()
    {
        var reassembler = new J1939TransportReassembler(new J1939TransportOptions { MaxSessions = 1 });
        var first = Bam(Payload(20));
        Feed(reassembler, [first[0]], step: 0);
        var badSeq = J1939Writer.CreateFrame(J1939Id.FromCanId(first[1].Id), [4, 1, 2, 3, 4, 5, 6, 7]);
        Assert.Equal(J1939TransportOutcome.Rejected, reassembler.Accept(J1939Id.FromCanId(badSeq.Id), badSeq.Data, 1, out _, out var e1));
        Assert.Equal(J1939TransportError.SequenceOutOfRange, e1);
        var other = new CanFrame[4];
        J1939Writer.WriteBam(7, Dm1, 0x33, Payload(20), other);
        Assert.Equal(J1939TransportOutcome.Rejected, reassembler.Accept(J1939Id.FromCanId(other[0].Id), other[0].Data, 2, out _, out var e2));
        Assert.Equal(J1939TransportError.TooManySessions, e2);
    }

    [Fact]
    public void Random_orders_with_duplicates_always_reassemble_exactly()
    {
        var random = new Random(19);
        var reassembler = new J1939TransportReassembler();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var runs = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(0.5))
        {
            var data = Payload(random.Next(9, 400));
            random.NextBytes(data);
            var frames = Bam(data);
            var packets = frames[1..].Concat(frames[1..].Where(_ => random.Next(4) == 0)).OrderBy(_ => random.Next()).ToArray();
            // Duplicates arriving after completion find no session; what matters is that exactly one message completed.
            var (_, message) = Feed(reassembler, [frames[0], .. packets], step: 1, start: runs * 10_000L);
            Assert.Equal(data, message.Data);
            runs++;
        }

        Assert.Equal(runs, reassembler.Stats.Completed);
    }

    [Fact]
    public void Reassembly_allocates_nothing()
    {
        var frames = Bam(Payload(100));
        var ids = frames.Select(f => J1939Id.FromCanId(f.Id)).ToArray();
        var reassembler = new J1939TransportReassembler();
        Run(0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i <= 100; i++)
        {
            Run(i * 1000);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(101, reassembler.Stats.Completed);

        void Run(long now)
        {
            for (var i = 0; i < frames.Length; i++)
            {
                reassembler.Accept(ids[i], frames[i].Data, now + i, out _, out _);
            }
        }
    }

    private static CanFrame[] Bam(byte[] data)
    {
        var frames = new CanFrame[1 + ((data.Length + 6) / 7)];
        Assert.Equal(frames.Length, J1939Writer.WriteBam(7, Dm1, 0x00, data, frames));
        return frames;
    }

    private static (J1939TransportOutcome Last, Completed Message) Feed(J1939TransportReassembler reassembler, CanFrame[] frames, int step, long start = 0)
    {
        var last = J1939TransportOutcome.NotTransport;
        Completed completed = default;
        for (var i = 0; i < frames.Length; i++)
        {
            var frame = frames[i];
            last = reassembler.Accept(J1939Id.FromCanId(frame.Id), frame.Data, start + (i * step), out var message, out _);
            if (last == J1939TransportOutcome.Completed)
            {
                completed = new Completed(message.Data.ToArray(), message.Id.Pgn, message.Id.SourceAddress, message.Id.DestinationAddress);
            }
        }

        return (last, completed);
    }

    private readonly record struct Completed(byte[] Data, uint Pgn, byte Source, byte Destination);
}
