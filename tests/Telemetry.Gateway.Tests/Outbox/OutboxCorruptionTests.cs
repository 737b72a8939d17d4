using Telemetry.Gateway.Outbox;
using static Telemetry.Gateway.Tests.Outbox.OutboxTestKit;

namespace Telemetry.Gateway.Tests.Outbox;

/// <summary>Damage on disk: the outbox starts, quarantines the damaged bytes, replays the rest and continues.</summary>
public sealed class OutboxCorruptionTests
{
    private const int RecordSize = 24 + PayloadSize;

    private static void Fill(string dir, int records)
    {
        using var outbox = SegmentedOutbox.Open(Options(dir));
        for (var i = 0; i < records; i++)
        {
            AppendOne(outbox);
        }
    }

    [Fact]
    public void Truncation_at_every_byte_of_the_last_record_quarantines_the_torn_tail()
    {
        for (var cut = 1; cut < RecordSize; cut++)
        {
            using var dir = new TempDirectory();
            Fill(dir.Path, 10);
            var last = Segments(dir.Path)[^1];
            var length = new FileInfo(last).Length;
            using (var f = File.OpenWrite(last))
            {
                f.SetLength(length - cut);
            }

            using var outbox = SegmentedOutbox.Open(Options(dir.Path));
            Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), ReadAll(outbox));
            Assert.Single(Quarantined(dir.Path));
            Assert.Equal(RecordSize - cut, new FileInfo(Quarantined(dir.Path)[0]).Length);
            // The torn record's sequence is never reused: the gap stays visible to the operations centre.
            var reserved = (RecordSize - cut + 23) / 24;
            Assert.Equal(reserved, outbox.GetStats().TailSequencesSkipped);
            Assert.Equal(10 + reserved, AppendOne(outbox));
            Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i).Append(10 + reserved), ReadAll(outbox));
        }
    }

    [Fact]
    public void A_zero_filled_tail_after_a_power_cut_is_quarantined()
    {
        using var dir = new TempDirectory();
        Fill(dir.Path, 5);
        var last = Segments(dir.Path)[^1];
        using (var f = new FileStream(last, FileMode.Append))
        {
            f.Write(new byte[300]);
        }

        using var outbox = SegmentedOutbox.Open(Options(dir.Path));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), ReadAll(outbox));
        Assert.Equal(300, outbox.GetStats().QuarantinedBytes);
        Assert.True(AppendOne(outbox) > 5);
    }

    [Fact]
    public void A_bit_flip_in_any_byte_of_a_middle_record_loses_only_that_record_and_counts_it()
    {
        // Record 3 of segment 1 (4 KiB segments hold 32 records of 124 B): every byte of it, one bit each time.
        for (var b = 0; b < RecordSize; b += 5)
        {
            using var dir = new TempDirectory();
            Fill(dir.Path, 60);
            var first = Segments(dir.Path)[0];
            var bytes = File.ReadAllBytes(first);
            bytes[16 + (2 * RecordSize) + b] ^= (byte)(1 << (b % 8));
            File.WriteAllBytes(first, bytes);

            using var outbox = SegmentedOutbox.Open(Options(dir.Path));
            var expected = Enumerable.Range(1, 60).Where(i => i != 3).Select(i => (long)i);
            Assert.Equal(expected, ReadAll(outbox));
            Assert.Equal(1, outbox.GetStats().LostToCorruption);
            Assert.True(outbox.GetStats().QuarantinedBytes >= RecordSize);
            Assert.Equal(61, AppendOne(outbox));
        }
    }

    [Fact]
    public void Garbage_in_a_segment_header_keeps_every_record()
    {
        using var dir = new TempDirectory();
        Fill(dir.Path, 10);
        var first = Segments(dir.Path)[0];
        var bytes = File.ReadAllBytes(first);
        bytes[3] ^= 0xFF;
        File.WriteAllBytes(first, bytes);

        using (var outbox = SegmentedOutbox.Open(Options(dir.Path)))
        {
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), ReadAll(outbox));
            Assert.Equal(16, outbox.GetStats().QuarantinedBytes);
        }

        using var again = SegmentedOutbox.Open(Options(dir.Path));
        Assert.Equal(0, again.GetStats().QuarantinedBytes); // the rewrite repaired the header for good
    }

    [Fact]
    public void Random_bit_flips_anywhere_never_stop_the_outbox_and_never_return_a_wrong_record()
    {
        var random = new Random(20261123);
        for (var run = 0; run < 30; run++)
        {
            using var dir = new TempDirectory();
            Fill(dir.Path, 120);
            var segments = Segments(dir.Path);
            for (var flip = 0; flip < 1 + random.Next(4); flip++)
            {
                var victim = segments[random.Next(segments.Length)];
                var bytes = File.ReadAllBytes(victim);
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                File.WriteAllBytes(victim, bytes);
            }

            using var outbox = SegmentedOutbox.Open(Options(dir.Path));
            var read = ReadAll(outbox); // asserts every payload matches its sequence
            var stats = outbox.GetStats();
            Assert.Equal(read.Order(), read);
            Assert.True(read.Count >= 120 - 4, $"run {run}: only {read.Count} of 120 records survived four bit flips");
            Assert.True(
                read.Count + stats.LostToCorruption + stats.TailSequencesSkipped >= 120 - 4,
                $"run {run}: a lost record was not counted");
            Assert.True(AppendOne(outbox) > read.DefaultIfEmpty(0).Max());
        }
    }

    [Fact]
    public void A_damaged_ack_cursor_slot_falls_back_to_the_other_slot()
    {
        using var dir = new TempDirectory();
        using (var outbox = SegmentedOutbox.Open(Options(dir.Path)))
        {
            for (var i = 0; i < 20; i++)
            {
                AppendOne(outbox);
            }

            outbox.Acknowledge(5);  // generation 1 → slot 1
            outbox.Acknowledge(10); // generation 2 → slot 0
        }

        var cursorPath = Path.Combine(dir.Path, "ack.cursor");
        var bytes = File.ReadAllBytes(cursorPath);
        bytes[14] ^= 0x40; // inside slot 0's acked sequence
        File.WriteAllBytes(cursorPath, bytes);

        using var reopened = SegmentedOutbox.Open(Options(dir.Path));
        Assert.Equal(5, reopened.GetStats().AckedSequence);
        Assert.Equal(Enumerable.Range(6, 15).Select(i => (long)i), ReadAll(reopened)); // re-sent, never lost
    }
}
