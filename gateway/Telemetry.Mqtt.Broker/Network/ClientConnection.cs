using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Telemetry.Mqtt.Broker.Sessions;
using Telemetry.Mqtt.Packets;
using Telemetry.Protocols.Framing;

namespace Telemetry.Mqtt.Broker.Network;

/// <summary>
/// One client connection: a read loop cutting packets with the shared codec's framer and handling each synchronously,
/// and a write loop sending whatever has been encoded since its last write in one call.
/// </summary>
/// <remarks>Split by concern: this file owns the socket and the loops; .Connect, .Packets and .Output handle the rest.</remarks>
internal sealed partial class ClientConnection : IClientLink, IDisposable
{
    private readonly BrokerContext _context;
    private readonly Socket _socket;
    private readonly bool _tls;
    private readonly CancellationTokenSource _cts = new();
    private readonly MqttFramer _framer;
    private readonly FrameCounters _counters = new();
    private readonly long _acceptedAtTicks = Environment.TickCount64;
    private Stream? _stream;
    private long _lastReceivedTicks = Environment.TickCount64;
    private int _closing;
    private long _closeRequestedTicks;

    public ClientConnection(BrokerContext context, Socket socket, bool tls)
    {
        _context = context;
        _socket = socket;
        _tls = tls;
        _framer = new MqttFramer(context.Options.MaxPacketSize);
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "?";
    }

    public string RemoteEndPoint { get; }

    public string Describe => _clientId is null ? RemoteEndPoint : $"{_clientId}@{RemoteEndPoint}";

    public async Task RunAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        Task? writer = null;
        try
        {
            Stream stream = new NetworkStream(_socket, ownsSocket: false);
            if (_tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
                handshake.CancelAfter(_context.Options.ConnectTimeout);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, handshake.Token).ConfigureAwait(false);
                stream = ssl;
            }

            _stream = stream;
            writer = WriterLoopAsync(stream);
            // Zero-byte reads: an idle connection holds no receive buffer, so 1,000 idle clients cost little memory.
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));
            await FrameReaderLoop.RunAsync(reader, _framer, new Handler(this), _counters, _cts.Token).ConfigureAwait(false);
            await reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or AuthenticationException)
        {
            // The peer went away, a timeout fired or we closed it: the reason was recorded where it happened.
            _closeWhy ??= e is AuthenticationException ? "TLS handshake failed: " + e.Message : null;
        }
        finally
        {
            ConnectionLost();
            if (writer is not null)
            {
                await writer.ConfigureAwait(false);
            }

            Dispose();
        }
    }

    /// <summary>Called by the broker's housekeeping: connect timeout, keep-alive (§3.1.2.10: 1.5 × keep alive), stuck close.</summary>
    public void CheckTimers(long nowTicks)
    {
        if (Volatile.Read(ref _closing) != 0)
        {
            if (nowTicks - Volatile.Read(ref _closeRequestedTicks) > 2000)
            {
                Abort(); // the peer does not read our DISCONNECT: stop waiting for it
            }

            return;
        }

        if (_session is null)
        {
            if (nowTicks - _acceptedAtTicks > (long)_context.Options.ConnectTimeout.TotalMilliseconds)
            {
                _context.Statistics.ProtocolError();
                Close(MqttReasonCode.MaximumConnectTime, "no CONNECT within the connect timeout");
            }

            return;
        }

        if (_keepAlive > 0 && nowTicks - Volatile.Read(ref _lastReceivedTicks) > _keepAlive * 1500L)
        {
            Close(MqttReasonCode.KeepAliveTimeout, $"nothing received for 1.5 x keep alive ({_keepAlive} s)");
        }
    }

    /// <summary>Stops the connection now, without a DISCONNECT.</summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _closing, 1);
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already torn down.
        }

        _socket.Close(0);
    }

    public void Dispose()
    {
        _socket.Dispose();
        _stream?.Dispose();
        lock (_outLock)
        {
            _front.Reset(release: true);
            _back.Reset(release: true);
        }

        _cts.Dispose();
        _signal.Dispose();
    }

    /// <summary>Struct adapter so the framing loop calls straight into this connection.</summary>
    private readonly struct Handler(ClientConnection connection) : IFrameHandler
    {
        public void OnFrame(in ReadOnlySequence<byte> frame) => connection.OnPacket(frame);

        public void OnRejected(FrameError error, long byteCount) => connection.OnFramingError(error);
    }
}
