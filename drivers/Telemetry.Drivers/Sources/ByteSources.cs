using System.Globalization;
using System.Net;
using Telemetry.Drivers.Serial;

namespace Telemetry.Drivers.Sources;

/// <summary>Creates byte sources. Every one keeps one <c>Input</c> reader for life; call <c>Start()</c> to begin.</summary>
public static class ByteSources
{
    /// <summary>A serial port by path (/dev/ttyUSB0 or a /dev/serial/by-id link), reopened after unplugs and stalls.</summary>
    public static ReconnectingSource Serial(string path, SerialOptions? serial = null, ReconnectOptions? reconnect = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var options = serial ?? new SerialOptions();
        options.Validate(path);
        return new ReconnectingSource(new SerialConnector(path, options), reconnect);
    }

    /// <summary>A TCP client that reconnects.</summary>
    public static ReconnectingSource Tcp(string host, int port, ReconnectOptions? reconnect = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        CheckPort(port, $"tcp://{host}:{port}");
        return new ReconnectingSource(new TcpConnector(host, port), reconnect);
    }

    /// <summary>A UDP listener on <paramref name="port"/> (all interfaces unless <paramref name="address"/> is given).</summary>
    public static ReconnectingSource Udp(int port, IPAddress? address = null, ReconnectOptions? reconnect = null)
    {
        CheckPort(port, $"udp://:{port}");
        return new ReconnectingSource(new UdpConnector(address ?? IPAddress.Any, port), reconnect);
    }

    /// <summary>Replays a capture or raw byte file; <paramref name="paced"/> follows the capture's timing track.</summary>
    public static ReconnectingSource Replay(string path, bool paced = false, ReconnectOptions? reconnect = null) =>
        new(new ReplayConnector(path, paced), reconnect);

    /// <summary>
    /// Parses an endpoint: <c>tcp://HOST:PORT</c>, <c>udp://[ADDR]:PORT</c>, <c>file://PATH</c> (replay), otherwise a
    /// serial device path. Throws <see cref="ArgumentException"/> naming the endpoint and the expected form.
    /// </summary>
    public static ReconnectingSource Open(string endpoint, SerialOptions? serial = null, ReconnectOptions? reconnect = null, bool paced = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        if (endpoint.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            var (host, port) = SplitHostPort(endpoint, "tcp://".Length);
            if (host.Length == 0)
            {
                throw new ArgumentException($"Endpoint '{endpoint}' has no host: write tcp://HOST:PORT, e.g. tcp://192.168.4.1:2000.");
            }

            return Tcp(host, port, reconnect);
        }

        if (endpoint.StartsWith("udp://", StringComparison.OrdinalIgnoreCase))
        {
            var (host, port) = SplitHostPort(endpoint, "udp://".Length);
            IPAddress? address = null;
            if (host.Length > 0 && !IPAddress.TryParse(host, out address))
            {
                throw new ArgumentException($"Endpoint '{endpoint}': '{host}' is not an IP address; write udp://:PORT or udp://ADDRESS:PORT.");
            }

            return Udp(port, address, reconnect);
        }

        if (endpoint.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return Replay(endpoint["file://".Length..], paced, reconnect);
        }

        return Serial(endpoint, serial, reconnect);
    }

    private static (string Host, int Port) SplitHostPort(string endpoint, int start)
    {
        var rest = endpoint[start..];
        var colon = rest.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new ArgumentException($"Endpoint '{endpoint}' has no port: write {endpoint[..start]}HOST:PORT (udp://:PORT to listen on all interfaces).");
        }

        CheckPort(port, endpoint);
        return (rest[..colon].Trim('[', ']'), port);
    }

    private static void CheckPort(int port, string endpoint)
    {
        if (port is < 1 or > 65535)
        {
            throw new ArgumentException($"Endpoint '{endpoint}': port {port} is outside 1..65535.");
        }
    }
}
