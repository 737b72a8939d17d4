using System.Net;
using System.Net.Sockets;

namespace Telemetry.Drivers.Sources;

/// <summary>Listens for UDP datagrams (MAVLink from a drone radio bridge, NMEA broadcast); each datagram is appended whole.</summary>
internal sealed class UdpConnector(IPAddress address, int port) : IConnector
{
    public string Endpoint => $"udp://{(address.Equals(IPAddress.Any) ? string.Empty : address.ToString())}:{port}";

    public bool Reconnects => true;

    public IByteConnection Open(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return new SocketConnection(socket, $"{Endpoint} (bound {socket.LocalEndPoint})", stream: false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var fix = e.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? $"another program listens on UDP port {port} (`ss -ulpn | grep :{port}`); stop it or choose another port"
                : "check the address and port in the configuration";
            throw new SourceOpenException(Endpoint, SourceOpenFailure.Busy, $"{Endpoint}: cannot bind ({e.SocketErrorCode}): {fix}. Retrying.", e);
        }
    }
}
