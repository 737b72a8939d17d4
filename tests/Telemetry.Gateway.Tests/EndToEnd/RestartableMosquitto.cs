using System.Diagnostics;
using System.Net.Sockets;
using Telemetry.TestKit;

namespace Telemetry.Gateway.Tests.EndToEnd;

/// <summary>
/// A real mosquitto on a fixed loopback port that can be stopped (SIGTERM, so it saves its persistence file) and
/// started again on the same port — a broker outage as the rig sees it. Sessions and queued QoS 1 messages survive.
/// </summary>
internal sealed class RestartableMosquitto : IAsyncDisposable
{
    private readonly string _config;
    private Process? _process;

    private RestartableMosquitto(string directory, int port)
    {
        Port = port;
        _config = Path.Combine(directory, "mosquitto.conf");

        // Started as root, mosquitto drops to its own user: without write access here it cannot save its
        // persistence file on SIGTERM, the subscriber's session is lost with the restart, and messages published
        // before mosquitto_sub resubscribes never reach it.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        }

        File.WriteAllLines(_config,
        [
            $"listener {port} 127.0.0.1",
            "allow_anonymous true",
            "persistence true",
            $"persistence_location {directory}/",
            "max_queued_messages 0",
            "max_queued_bytes 0",
        ]);
    }

    public int Port { get; }

    /// <summary>Starts mosquitto, or skips the test when it is not installed (fails instead under CI=true).</summary>
    public static async Task<RestartableMosquitto> StartAsync(string directory)
    {
        if (!File.Exists(MosquittoServer.Binary))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail($"{MosquittoServer.Binary} not installed: CI must run the end-to-end tests against real mosquitto.");
            }

            Assert.Skip($"{MosquittoServer.Binary} not installed: the end-to-end tests need a real mosquitto (apt-get install mosquitto).");
        }

        var broker = new RestartableMosquitto(directory, ServerBinary.FreePort());
        await broker.StartAsync();
        return broker;
    }

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(MosquittoServer.Binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(_config);
        _process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto did not start");
        _ = _process.StandardError.ReadToEndAsync();
        _ = _process.StandardOutput.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>SIGTERM: mosquitto writes its persistence file and exits.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }
}
