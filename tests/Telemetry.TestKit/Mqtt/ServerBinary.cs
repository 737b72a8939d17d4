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
    public static string Require(string path, string why)
    {
        if (File.Exists(path))
        {
            return path;
        }

        var message = $"{path} not installed: {why}";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message + " (CI=true: real-server tests must run)");
        }

        Assert.Skip(message);
        return path;
    }

    /// <summary>A loopback port nobody listens on right now.</summary>
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
