using System.Net;
using System.Net.Sockets;

namespace Telemetry.Simulator.Outputs;

/// <summary>
/// A device behind a TCP serial server (as ser2net or a Wi-Fi serial bridge would be): listens on an endpoint and
/// streams the device's bytes to every connected client. Unplug drops the clients and stops listening.
/// </summary>
public sealed class TcpSink : QueuedSink
{
    private readonly IPEndPoint _endpoint;
    private readonly List<Socket> _clients = [];
    private readonly Lock _lock = new();
    private TcpListener? _listener;

    /// <summary>Starts listening on <paramref name="endpoint"/> (port 0 picks a free port).</summary>
    public TcpSink(IPEndPoint endpoint)
    {
        _endpoint = endpoint;
        Listen();
    }

    /// <summary>The endpoint actually listened on.</summary>
    public IPEndPoint LocalEndpoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>Clients connected now.</summary>
    public int ClientCount
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    /// <inheritdoc />
    protected override void WriteOut(byte[] data)
    {
        Socket[] clients;
        lock (_lock)
        {
            clients = [.. _clients];
        }

        foreach (var client in clients)
        {
            try
            {
                client.Send(data);
            }
            catch (SocketException)
            {
                // That client hung up; the others still get the stream.
                Remove(client);
            }
        }
    }

    /// <inheritdoc />
    protected override void SetPlugged(bool plugged)
    {
        if (plugged)
        {
            Listen();
        }
        else
        {
            StopListening();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            StopListening();
        }
    }

    private void Listen()
    {
        var listener = new TcpListener(LocalEndpoint.Port != 0 ? LocalEndpoint : _endpoint);
        listener.Start();
        LocalEndpoint = (IPEndPoint)listener.LocalEndpoint;
        _listener = listener;
        _ = AcceptLoopAsync(listener);
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // Listener stopped by an unplug or dispose.
            }

            client.NoDelay = true;
            lock (_lock)
            {
                _clients.Add(client);
            }
        }
    }

    private void StopListening()
    {
        _listener?.Stop();
        _listener = null;
        lock (_lock)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            _clients.Clear();
        }
    }

    private void Remove(Socket client)
    {
        lock (_lock)
        {
            _clients.Remove(client);
        }

        client.Dispose();
    }
}

/// <summary>A device that sends each chunk as one UDP datagram (as MAVLink ground links do, port 14550).</summary>
public sealed class UdpSink : IDeviceSink
{
    private readonly Socket _socket;
    private readonly IPEndPoint _target;
    private bool _plugged = true;

    /// <summary>Sends to <paramref name="target"/>.</summary>
    public UdpSink(IPEndPoint target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
        _socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
    }

    /// <summary>Datagrams the network refused (no listener: ICMP port unreachable).</summary>
    public long FailedSends { get; private set; }

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> data, double simTime)
    {
        if (!_plugged || data.IsEmpty)
        {
            return;
        }

        try
        {
            _socket.SendTo(data, SocketFlags.None, _target);
        }
        catch (SocketException)
        {
            // UDP has no receiver guarantee; a refused datagram is a lost one.
            FailedSends++;
        }
    }

    /// <inheritdoc />
    public void Unplug(double simTime) => _plugged = false;

    /// <inheritdoc />
    public void Replug(double simTime) => _plugged = true;

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}
