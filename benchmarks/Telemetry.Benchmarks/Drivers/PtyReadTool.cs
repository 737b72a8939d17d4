using System.Globalization;
using Telemetry.Drivers.Serial;
using Telemetry.Drivers.Sources;

namespace Telemetry.Benchmarks.Drivers;

/// <summary>
/// `pty-read PATH BYTES`: reads BYTES through our serial driver from PATH and exits. The counterpart of `cat` in
/// benchmarks/scripts/pty_throughput.py, which measures both readers' wall time and CPU time on the same pty.
/// </summary>
internal static class PtyReadTool
{
    public static int Run(string path, long bytes)
    {
        var source = ByteSources.Serial(path, new SerialOptions { BaudRate = 4_000_000 });
        try
        {
            source.Start();
            if (!source.WaitForStateAsync(SourceState.Up, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult())
            {
                Console.Error.WriteLine($"pty-read: {source.LastError}");
                return 1;
            }

            // The driver flushes stale input at open; the writer starts only after this line.
            Console.WriteLine("ready");
            Console.Out.Flush();
            long seen = 0;
            var input = source.Input;
            while (seen < bytes)
            {
                var result = input.ReadAsync().AsTask().GetAwaiter().GetResult();
                seen += result.Buffer.Length;
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pty-read: {seen} bytes, reopens {source.Counters.Reopens}"));
            return seen >= bytes ? 0 : 1;
        }
        finally
        {
            source.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
