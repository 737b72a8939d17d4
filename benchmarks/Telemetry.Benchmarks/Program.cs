using System.Globalization;
using BenchmarkDotNet.Running;
using Telemetry.Benchmarks.Drivers;

namespace Telemetry.Benchmarks;

internal static class BenchmarkEntry
{
    public static int Main(string[] args)
    {
        // Helper mode for benchmarks/scripts/pty_throughput.py (compared with `cat` in one run).
        if (args is ["pty-read", var path, var bytes])
        {
            return PtyReadTool.Run(path, long.Parse(bytes, CultureInfo.InvariantCulture));
        }

        // Issue 10 §9: pty byte → subscriber latency through a separate gateway process (benchmarks/README.md).
        if (args is ["latency", ..])
        {
            return Gateway.LatencyHarness.RunAsync(args).GetAwaiter().GetResult();
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
        return 0;
    }
}
