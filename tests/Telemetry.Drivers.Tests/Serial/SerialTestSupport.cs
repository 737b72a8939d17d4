using System.Buffers;
using System.IO.Pipelines;
using Telemetry.Drivers.Pty;
using Telemetry.Drivers.Sources;

namespace Telemetry.Drivers.Tests.Serial;

/// <summary>Helpers shared by the pseudo-terminal tests: condition waits with generous timeouts, never sleeps.</summary>
internal static class SerialTestSupport
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    public static ReconnectOptions FastRetry(TimeSpan? watchdog = null) => new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
        NoDataTimeout = watchdog,
    };

    /// <summary>Reads from <paramref name="reader"/> until <paramref name="count"/> bytes have arrived.</summary>
    public static async Task<byte[]> ReadExactlyAsync(PipeReader reader, int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var collected = new List<byte>(count);
        while (collected.Count < count)
        {
            var result = await reader.ReadAsync(cts.Token);
            var take = result.Buffer.Slice(0, Math.Min(count - collected.Count, result.Buffer.Length));
            collected.AddRange(take.ToArray());
            reader.AdvanceTo(take.End);
            if (result.IsCompleted && collected.Count < count)
            {
                throw new EndOfStreamException($"source completed after {collected.Count} of {count} bytes");
            }
        }

        return [.. collected];
    }

    /// <summary>Reads <paramref name="count"/> bytes from the pty master (the device side).</summary>
    public static async Task<byte[]> ReadMasterAsync(PseudoTerminal pty, int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[count];
        var got = 0;
        while (got < count)
        {
            var n = await pty.Master.ReadAsync(buffer.AsMemory(got), cts.Token);
            if (n == 0)
            {
                throw new EndOfStreamException($"master closed after {got} of {count} bytes");
            }

            got += n;
        }

        return buffer;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking on every state change of the source.</summary>
    public static async Task<bool> WaitUntilAsync(IByteSource source, Func<bool> condition, TimeSpan timeout)
    {
        var changed = new SemaphoreSlim(0);
        void OnChanged(object? sender, SourceStateChangedEventArgs e) => changed.Release();
        source.StateChanged += OnChanged;
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            while (!condition())
            {
                try
                {
                    await changed.WaitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    return condition();
                }
            }

            return true;
        }
        finally
        {
            source.StateChanged -= OnChanged;
        }
    }

    public static string TempDir(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;
}
