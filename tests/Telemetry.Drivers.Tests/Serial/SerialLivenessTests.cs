using System.Diagnostics;
using Telemetry.Drivers.Pty;
using Telemetry.Drivers.Serial;
using Telemetry.Drivers.Sources;
using static Telemetry.Drivers.Tests.Serial.SerialTestSupport;

namespace Telemetry.Drivers.Tests.Serial;

[CollectionDefinition(nameof(ResourceCountingGroup), DisableParallelization = true)]
public sealed class ResourceCountingGroup;

/// <summary>Unplug/replug on real pseudo-terminals. Not parallel: it counts the process's descriptors and threads.</summary>
[Collection(nameof(ResourceCountingGroup))]
public sealed class SerialLivenessTests
{
    [Fact]
    public async Task Unplug_and_replug_at_the_same_path_reopens_50_times_without_leaking_descriptors_or_threads()
    {
        var dir = TempDir("unplug");
        try
        {
            var link = Path.Combine(dir, "usb-u-blox_GNSS-if00");
            using var pty = PseudoTerminal.Open(link);
            await using var source = ByteSources.Serial(link, new SerialOptions { BaudRate = 38400 }, FastRetry());
            source.Start();
            Assert.True(await source.WaitForStateAsync(SourceState.Up, Generous, TestContext.Current.CancellationToken), source.LastError);
            await RoundTrip(pty, source, 0);
            var baseline = Resources();
            var slowest = TimeSpan.Zero;

            for (var cycle = 1; cycle <= 50; cycle++)
            {
                pty.Unplug();
                Assert.True(await WaitUntilAsync(source, () => source.Counters.HangUps == cycle, Generous), $"cycle {cycle}: no hang-up seen; state {source.State}, {source.LastError}");
                var replugged = Stopwatch.StartNew();
                pty.Replug();
                Assert.True(await WaitUntilAsync(source, () => source.Counters.Opens == cycle + 1 && source.State == SourceState.Up, Generous), $"cycle {cycle}: not reopened; state {source.State}, {source.LastError}");
                slowest = replugged.Elapsed > slowest ? replugged.Elapsed : slowest;
                await RoundTrip(pty, source, cycle);
                Assert.Contains(pty.SlavePath, source.ResolvedEndpoint);
            }

            Assert.Equal(50, source.Counters.Reopens);
            var after = Resources();
            Assert.Equal(baseline, after);
            TestContext.Current.SendDiagnosticMessage($"slowest reopen after replug: {slowest.TotalMilliseconds:0} ms (issue target: 2 s)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_silent_port_trips_the_watchdog_which_closes_and_reopens_it()
    {
        using var pty = PseudoTerminal.Open();
        await using var source = ByteSources.Serial(pty.DevicePath, null, FastRetry(watchdog: TimeSpan.FromMilliseconds(300)));
        var states = new List<SourceState>();
        var stallReason = string.Empty;
        source.StateChanged += (_, e) =>
        {
            lock (states)
            {
                states.Add(e.Current);
                stallReason = e.Current == SourceState.Stalled ? e.Reason : stallReason;
            }
        };
        source.Start();

        Assert.True(await WaitUntilAsync(source, () => source.Counters.Stalls >= 1 && source.Counters.Opens >= 2, Generous), $"{source.State}: {source.LastError}");
        lock (states)
        {
            var stalled = states.IndexOf(SourceState.Stalled);
            Assert.True(stalled > 0, string.Join(",", states));
            Assert.Contains(SourceState.Up, states.Skip(stalled));
            Assert.Contains("no data", stallReason, StringComparison.Ordinal);
            Assert.Contains(pty.DevicePath, stallReason, StringComparison.Ordinal);
        }

        // Still a working port after the watchdog's reopen.
        Assert.True(await source.WaitForStateAsync(SourceState.Up, Generous, TestContext.Current.CancellationToken));
        await pty.Master.WriteAsync("$GPGGA\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        Assert.Equal("$GPGGA\r\n"u8.ToArray(), await ReadExactlyAsync(source.Input, 8, Generous));
    }

    private static async Task RoundTrip(PseudoTerminal pty, ReconnectingSource source, int cycle)
    {
        byte[] payload = [(byte)'#', (byte)cycle, 0x0D, 0x0A];
        await pty.Master.WriteAsync(payload, TestContext.Current.CancellationToken);
        Assert.Equal(payload, await ReadExactlyAsync(source.Input, payload.Length, Generous));
    }

    /// <summary>Our own footprint: open pty slaves, eventfds and source threads (names start "src-").</summary>
    private static (int Pts, int EventFds, int Threads) Resources()
    {
        var pts = 0;
        var eventFds = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            var target = new FileInfo(fd).LinkTarget ?? string.Empty;
            pts += target.StartsWith("/dev/pts/", StringComparison.Ordinal) ? 1 : 0;
            eventFds += target.Contains("eventfd", StringComparison.Ordinal) ? 1 : 0;
        }

        var threads = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            var comm = File.ReadAllText(Path.Combine(task, "comm"));
            threads += comm.StartsWith("src-", StringComparison.Ordinal) ? 1 : 0;
        }

        return (pts, eventFds, threads);
    }
}
