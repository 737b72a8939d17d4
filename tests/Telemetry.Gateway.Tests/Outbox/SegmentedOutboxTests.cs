using Telemetry.Gateway.Outbox;
using static Telemetry.Gateway.Tests.Outbox.OutboxTestKit;

namespace Telemetry.Gateway.Tests.Outbox;

public sealed class SegmentedOutboxTests
{
    [Fact]
    public void Appends_get_consecutive_sequences_and_read_back_in_order_across_segments()
    {
        using var dir = new TempDirectory();
        using var outbox = SegmentedOutbox.Open(Options(dir.Path));
        var written = Enumerable.Range(0, 200).Select(_ => AppendOne(outbox)).ToList();

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), written);
        Assert.True(Segments(dir.Path).Length > 3, "200 records of 124 B must span several 4 KiB segments");
        Assert.Equal(written, ReadAll(outbox));
    }

    [Fact]
    public void Reopen_replays_from_the_ack_cursor_and_continues_the_sequence()
    {
        using var dir = new TempDirectory();
        using (var outbox = SegmentedOutbox.Open(Options(dir.Path)))
        {
            for (var i = 0; i < 100; i++)
            {
                AppendOne(outbox);
            }

            outbox.Acknowledge(60);
        }

        using var reopened = SegmentedOutbox.Open(Options(dir.Path));
        Assert.Equal(Enumerable.Range(61, 40).Select(i => (long)i), ReadAll(reopened));
        Assert.Equal(101, AppendOne(reopened));
        Assert.Equal(60, reopened.GetStats().AckedSequence);
    }

    [Fact]
    public void Acknowledged_segments_are_deleted_but_the_sequence_never_restarts()
    {
        using var dir = new TempDirectory();
        using (var outbox = SegmentedOutbox.Open(Options(dir.Path)))
        {
            for (var i = 0; i < 200; i++)
            {
                AppendOne(outbox);
            }

            var before = Segments(dir.Path).Length;
            outbox.Acknowledge(200);
            Assert.True(Segments(dir.Path).Length < before);
            Assert.Single(Segments(dir.Path)); // only the active segment survives
            Assert.Empty(ReadAll(outbox));
        }

        using var reopened = SegmentedOutbox.Open(Options(dir.Path));
        Assert.Equal(201, AppendOne(reopened));
    }

    [Fact]
    public void A_cursor_skips_what_was_acknowledged_while_it_was_behind()
    {
        using var dir = new TempDirectory();
        using var outbox = SegmentedOutbox.Open(Options(dir.Path));
        var cursor = outbox.OpenCursor();
        for (var i = 0; i < 50; i++)
        {
            AppendOne(outbox);
        }

        outbox.Acknowledge(45);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.True(outbox.TryRead(cursor, buffer, out var sequence, out _));
        Assert.Equal(46, sequence);
        outbox.Rewind(cursor);
        Assert.Equal(46, cursor.NextSequence);
    }

    [Fact]
    public void Batch_policy_hides_records_from_readers_until_flushed()
    {
        using var dir = new TempDirectory();
        using var outbox = SegmentedOutbox.Open(Options(dir.Path) with { Fsync = FsyncPolicy.Batch, BatchRecords = 1000 });
        for (var i = 0; i < 10; i++)
        {
            AppendOne(outbox);
        }

        Assert.Empty(ReadAll(outbox));
        outbox.Acknowledge(10);
        Assert.Equal(0, outbox.GetStats().AckedSequence); // an ack cannot run ahead of durability

        outbox.Flush();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), ReadAll(outbox));
    }

    [Fact]
    public void RefuseNew_refuses_and_counts_when_full_and_keeps_every_stored_record()
    {
        using var dir = new TempDirectory();
        using var outbox = SegmentedOutbox.Open(Options(dir.Path) with { MaxBytes = 8192, Overflow = OverflowPolicy.RefuseNew });
        var accepted = 0;
        var refused = 0;
        for (var i = 0; i < 100; i++)
        {
            try
            {
                AppendOne(outbox);
                accepted++;
            }
            catch (OutboxFullException)
            {
                refused++;
            }
        }

        Assert.True(refused > 0);
        Assert.Equal(refused, outbox.GetStats().Refused);
        Assert.Equal(Enumerable.Range(1, accepted).Select(i => (long)i), ReadAll(outbox));
        Assert.Equal(0, outbox.GetStats().Dropped);
    }

    [Fact]
    public void DropOldest_drops_whole_oldest_segments_counts_them_and_persists_the_count()
    {
        using var dir = new TempDirectory();
        long dropped;
        using (var outbox = SegmentedOutbox.Open(Options(dir.Path) with { MaxBytes = 3 * 4096, Overflow = OverflowPolicy.DropOldest }))
        {
            for (var i = 0; i < 300; i++)
            {
                AppendOne(outbox);
            }

            var stats = outbox.GetStats();
            dropped = stats.Dropped;
            var remaining = ReadAll(outbox);
            Assert.True(dropped > 0);
            Assert.Equal(300, dropped + remaining.Count); // every record is either still there or counted
            Assert.Equal(Enumerable.Range((int)dropped + 1, remaining.Count).Select(i => (long)i), remaining);
            Assert.True(stats.TotalBytes <= 3 * 4096);
        }

        using var reopened = SegmentedOutbox.Open(Options(dir.Path));
        Assert.Equal(dropped, reopened.GetStats().Dropped);
    }

    [Fact]
    public void DropOldest_enforces_the_age_bound()
    {
        using var dir = new TempDirectory();
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var outbox = SegmentedOutbox.Open(
            Options(dir.Path) with { MaxAge = TimeSpan.FromHours(1), Overflow = OverflowPolicy.DropOldest }, clock);
        for (var i = 0; i < 100; i++)
        {
            AppendOne(outbox);
        }

        clock.Advance(TimeSpan.FromHours(2));
        AppendOne(outbox);
        var stats = outbox.GetStats();
        Assert.True(stats.Dropped > 0);
        Assert.Equal(101, stats.Dropped + ReadAll(outbox).Count);
    }

    [Fact]
    public async Task Block_waits_for_acknowledgements_instead_of_dropping()
    {
        using var dir = new TempDirectory();
        using var outbox = SegmentedOutbox.Open(Options(dir.Path) with { MaxBytes = 3 * 4096, Overflow = OverflowPolicy.Block });
        using var full = new ManualResetEventSlim();
        long fitted = 0;
        var appender = Task.Run(
            () =>
        {
            for (var i = 0; i < 300; i++)
            {
                var before = outbox.GetStats().TotalBytes;
                if (before + 124 > 3 * 4096)
                {
                    full.Set();
                }

                fitted = AppendOne(outbox);
            }
        },
            TestContext.Current.CancellationToken);

        Assert.True(full.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "the appender never reached the bound");
        var cursor = outbox.OpenCursor();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        long expected = 1;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (expected <= 300 && DateTime.UtcNow < deadline)
        {
            if (outbox.TryRead(cursor, buffer, out var sequence, out _))
            {
                Assert.Equal(expected++, sequence);
                outbox.Acknowledge(sequence);
                buffer.ResetWrittenCount();
            }
            else
            {
                Assert.False(appender.IsFaulted, appender.Exception?.ToString());
                SpinWait.SpinUntil(() => outbox.GetStats().DurableSequence >= expected || appender.IsCompleted, 100);
            }
        }

        await appender.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(301, expected);
        Assert.Equal(0, outbox.GetStats().Dropped);
        Assert.Equal(0, outbox.GetStats().Refused);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
