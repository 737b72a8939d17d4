using System.Diagnostics;
using System.Text;

namespace Telemetry.Broker.Tests.Support;

/// <summary>Finds and runs programs we did not write (mosquitto, mosquitto_pub/sub, mosquitto_passwd, python3 + paho).</summary>
internal static class ExternalTool
{
    public const string Mosquitto = "/usr/sbin/mosquitto";
    public const string MosquittoPub = "/usr/bin/mosquitto_pub";
    public const string MosquittoSub = "/usr/bin/mosquitto_sub";
    public const string MosquittoPasswd = "/usr/bin/mosquitto_passwd";

    /// <summary>Debian's python3 (the one that sees python3-paho-mqtt), not a pyenv shim.</summary>
    public const string Python = "/usr/bin/python3";

    private static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the test when <paramref name="path"/> is missing, unless CI=true, where a missing tool is a failure.</summary>
    public static void Require(string path, string why)
    {
        if (File.Exists(path))
        {
            return;
        }

        var message = $"{Path.GetFileName(path)} not installed ({path}): {why}";
        if (UnderCi)
        {
            Assert.Fail(message + " — CI=true, so this is a failure, not a skip (install it in .ci/run).");
        }

        Assert.Skip(message);
    }

    /// <summary>Requires python3 with the paho-mqtt module (Debian package python3-paho-mqtt).</summary>
    public static async Task RequirePahoAsync()
    {
        Require(Python, "python3-paho-mqtt tests drive the broker with a client we did not write");
        var probe = await RunAsync(Python, ["-c", "import paho.mqtt.client"], TimeSpan.FromSeconds(20));
        if (probe.ExitCode != 0)
        {
            var message = "python3-paho-mqtt not installed: " + probe.StdErr;
            if (UnderCi)
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }
    }

    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    /// <summary>Runs a program to completion (killing it after <paramref name="timeout"/>) and captures its output.</summary>
    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, string? stdin = null)
    {
        using var process = Start(file, args, stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new Result(-1, await stdout, await stderr + $"\n[killed after {timeout}]");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string file, IEnumerable<string> args, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
    }
}
