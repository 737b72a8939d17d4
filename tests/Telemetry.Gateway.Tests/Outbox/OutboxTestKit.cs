using System.Buffers;
using Telemetry.Gateway.Outbox;

namespace Telemetry.Gateway.Tests.Outbox;

internal static class OutboxTestKit
{
    public const int PayloadSize = 100;

    public static OutboxOptions Options(string dir) => new() { Directory = dir, SegmentBytes = 4096 };

    public static long AppendOne(SegmentedOutbox outbox) =>
        outbox.Append(PayloadSize, static (n, seq, output) => OutboxPayloads.Write(n, seq, output), TestContext.Current.CancellationToken);

    /// <summary>Reads every record available from the first unacknowledged one; asserts each payload matches its sequence.</summary>
    public static List<long> ReadAll(SegmentedOutbox outbox)
    {
        var cursor = outbox.OpenCursor();
        var buffer = new ArrayBufferWriter<byte>();
        var sequences = new List<long>();
        while (outbox.TryRead(cursor, buffer, out var sequence, out _))
        {
            Assert.True(OutboxPayloads.Matches(buffer.WrittenSpan, sequence), $"payload of record {sequence} differs from what was written");
            sequences.Add(sequence);
            buffer.ResetWrittenCount();
        }

        return sequences;
    }

    public static string[] Segments(string dir) =>
        [.. Directory.GetFiles(dir, "*.seg").Order(StringComparer.Ordinal)];

    public static string[] Quarantined(string dir) =>
        Directory.Exists(Path.Combine(dir, "quarantine")) ? Directory.GetFiles(Path.Combine(dir, "quarantine")) : [];
}
