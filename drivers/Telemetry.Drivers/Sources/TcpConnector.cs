using System.Net.Sockets;

namespace Telemetry.Drivers.Sources;

/// <summary>A TCP client to a device server (ser2net, a GNSS NTRIP caster's raw port, the simulator); reconnects.</summary>
internal sealed class TcpConnector(string host, int port) : IConnector
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public string Endpoint => $"tcp://{host}:{port}";

    public bool Reconnects => true;

    public IByteConnection Open(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            socket.ConnectAsync(host, port, timeout.Token).AsTask().GetAwaiter().GetResult();
            // Keepalive: a silently vanished peer (cable pulled, Wi-Fi gone) is noticed without our own pings.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            return new SocketConnection(socket, $"{Endpoint} ({socket.RemoteEndPoint})", stream: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SourceOpenException(Endpoint, SourceOpenFailure.Unreachable,
                $"{Endpoint}: no answer within {ConnectTimeout.TotalSeconds:0} s: check the host is up and reachable (`ping {host}`). Retrying.");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new SourceOpenException(Endpoint, SourceOpenFailure.Unreachable,
                $"{Endpoint}: {e.Message} ({e.SocketErrorCode}): check that the device server is running and listening on port {port}. Retrying.", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
