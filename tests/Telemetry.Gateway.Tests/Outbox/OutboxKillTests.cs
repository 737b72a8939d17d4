using System.Diagnostics;
using System.Globalization;
using Telemetry.Gateway.Outbox;

namespace Telemetry.Gateway.Tests.Outbox;

/// <summary>
/// kill -9 at random moments: a child process appends in a loop and prints each sequence once it is durable; the test
/// SIGKILLs it, reopens the outbox, and requires every sequence the child ever claimed durable, byte for byte.
/// </summary>
public sealed class OutboxKillTests
{
    [Theory]
    [InlineData("Always", 20)]
    [InlineData("Batch", 6)]
    public async Task Every_record_claimed_durable_survives_SIGKILL_at_random_moments(string fsync, int runs)
    {
        using var dir = new TempDirectory();
        var outboxDir = dir.Sub("outbox");
        var claimed = new HashSet<long>();
        var random = new Random(fsync.Length * 7919);
        var ct = TestContext.Current.CancellationToken;
        for (var run = 0; run < runs; run++)
        {
            using var child = ChildProcess.StartTelemetry(
                "outbox", "bench", "--dir", outboxDir, "--count", "100000000", "--payload", "200", "--fsync", fsync, "--print-durable");
            var firstLine = new TaskCompletionSource();
            var lines = new List<string>();
            var reader = Task.Run(
                async () =>
                {
                    while (await child.StandardOutput.ReadLineAsync(ct) is { } line)
                    {
                        lines.Add(line);
                        firstLine.TrySetResult();
                    }
                },
                ct);
            var stderr = child.StandardError.ReadToEndAsync(ct);

            await firstLine.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            await Task.Delay(random.Next(5, 300), ct); // the random moment of the power cut
            child.Kill(); // SIGKILL on Linux
            await child.WaitForExitAsync(ct);
            await reader.WaitAsync(TimeSpan.FromSeconds(30), ct);
            Assert.True(lines.Count > 0, await stderr);
            foreach (var line in lines)
            {
                claimed.Add(long.Parse(line.AsSpan("durable ".Length), CultureInfo.InvariantCulture));
            }

            using var outbox = SegmentedOutbox.Open(new OutboxOptions { Directory = outboxDir });
            var present = OutboxTestKit.ReadAll(outbox).ToHashSet(); // payload of each checked against its sequence
            var missing = claimed.Where(s => !present.Contains(s)).ToList();
            Assert.True(missing.Count == 0, $"run {run}: {missing.Count} durable records lost, first {missing.FirstOrDefault()}");
            Assert.Equal(0, outbox.GetStats().LostToCorruption);
        }

        Assert.True(claimed.Count > runs, "the child must have made progress between kills");
    }
}
