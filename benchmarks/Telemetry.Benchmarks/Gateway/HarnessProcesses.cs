using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Telemetry.Benchmarks.Gateway;

/// <summary>Child processes of the gateway harnesses: the broker, the <c>telemetry</c> executable, /proc sampling.</summary>
internal static class HarnessProcesses
{
    private const string Mosquitto = "/usr/sbin/mosquitto";

    /// <summary>The telemetry executable built next to this assembly (the benchmark project references it).</summary>
    public static string TelemetryDll => Path.Combine(AppContext.BaseDirectory, "telemetry.dll");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Our broker (<c>telemetry broker</c>, its own process) or mosquitto, on loopback, without persistence.</summary>
    public static OwnedProcess StartBroker(string kind, int port, string work)
    {
        var p = port.ToString(CultureInfo.InvariantCulture);
        if (kind == "mosquitto")
        {
            if (!File.Exists(Mosquitto))
            {
                throw new FileNotFoundException($"{Mosquitto} not installed (apt-get install mosquitto)");
            }

            var conf = Path.Combine(work, "mosquitto.conf");
            File.WriteAllText(conf, $"listener {p} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\n");
            return Start(Path.Combine(work, "broker.log"), Mosquitto, "-c", conf);
        }

        return StartTelemetry(Path.Combine(work, "broker.log"), "broker", "--port", p, "--bind", "127.0.0.1", "--no-persistence", "--quiet");
    }

    public static OwnedProcess StartTelemetry(string log, params string[] arguments) =>
        Start(log, [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", TelemetryDll, .. arguments]);

    /// <summary>Starts <paramref name="command"/> with stdout and stderr to <paramref name="log"/> (exec: the pid is the program's).</summary>
    public static OwnedProcess Start(string log, params string[] command)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$@\" >\"$0\" 2>&1");
        info.ArgumentList.Add(log);
        foreach (var c in command)
        {
            info.ArgumentList.Add(c);
        }

        return new OwnedProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}"));
    }

    public static async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    /// <summary>utime + stime of a process, seconds (/proc/PID/stat fields 14 and 15, in clock ticks of 1/100 s).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ": field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>A /proc/PID/status value in kB (VmRSS, VmHWM).</summary>
    public static long StatusKb(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    public static void Terminate(OwnedProcess process) => process.Dispose();
}

/// <summary>A child process stopped with SIGTERM (graceful), then SIGKILL after 10 s, on dispose.</summary>
internal sealed class OwnedProcess(Process process) : IDisposable
{
    private bool _disposed;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                term.WaitForExit();
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                process.WaitForExit();
            }
        }

        process.Dispose();
    }
}
