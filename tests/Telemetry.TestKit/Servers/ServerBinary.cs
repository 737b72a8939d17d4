using Xunit;
using System.Net;
using System.Net.Sockets;

namespace Telemetry.TestKit;

/// <summary>Locating real server binaries and free loopback ports for integration tests.</summary>
public static class ServerBinary
{
    /// <summary>
    /// Returns <paramref name="path"/> when it exists. Otherwise skips the test with <paramref name="why"/>, except
    /// under CI (environment CI=true), where a missing binary is a failure: CI installs every server.
    /// </summary>
    public static string Require(string path, string why) => Require(path, why, IsCi);

    /// <summary>True under CI (environment CI=true), where real-server tests must never skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The skip-or-fail policy with CI explicit, so the policy itself can be tested.</summary>
    internal static string Require(string path, string why, bool isCi)
    {
        var problem = Problem(path, why);
        if (problem is null)
        {
            return path;
        }

        if (isCi)
        {
            Assert.Fail(problem + " (CI=true: real-server tests must run)");
        }

        Assert.Skip(problem);
        return path;
    }

    /// <summary>Why the binary cannot be used (the skip reason), or null when it is there.</summary>
    internal static string? Problem(string path, string why) => File.Exists(path) ? null : $"{path} not installed: {why}";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts TCP connections on the port, or the process exits, or the time runs out.</summary>
    public static async Task WaitForPortAsync(int port, System.Diagnostics.Process? process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} before listening on {port}");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet; poll again shortly.
                await Task.Delay(25);
            }
        }

        throw new TimeoutException($"{process?.StartInfo.FileName ?? "server"} did not listen on port {port} within {timeout}");
    }
}
