using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Telemetry.Gateway.Tests.EndToEnd;

/// <summary>
/// The independent subscriber of the end-to-end tests: a real mosquitto_sub on every rig's detections topic at QoS 1,
/// printing `topic payload` lines into <paramref name="lines"/>.
/// </summary>
internal static class DetectionSubscriber
{
    /// <param name="port">The broker's loopback port.</param>
    /// <param name="lines">Receives each `topic payload` line as it arrives.</param>
    /// <param name="sessionClientId">A client id for a persistent session (-c -i), or null for a clean one.</param>
    public static Process Start(int port, ConcurrentQueue<string> lines, string? sessionClientId = null)
    {
        var info = new ProcessStartInfo("mosquitto_sub") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-q", "1", "-t", "demining/v1/+/+/detections", "-v" })
        {
            info.ArgumentList.Add(a);
        }

        if (sessionClientId is not null)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("-i");
            info.ArgumentList.Add(sessionClientId);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto_sub did not start");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                lines.Enqueue(line);
            }
        };
        process.BeginOutputReadLine();
        return process;
    }
}
