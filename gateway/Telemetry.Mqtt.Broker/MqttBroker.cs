using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Telemetry.Mqtt.Broker.Auth;
using Telemetry.Mqtt.Broker.Network;
using Telemetry.Mqtt.Broker.Persistence;
using Telemetry.Mqtt.Broker.Sessions;

namespace Telemetry.Mqtt.Broker;

/// <summary>
/// Embedded MQTT 3.1.1 / 5.0 broker: TCP and TLS listeners, mosquitto-compatible password and ACL files, QoS 0/1/2,
/// retained messages, wills, persistent sessions and $SYS statistics. Host it in-process (gateway, tests) or standalone
/// (<c>telemetry broker</c>).
/// </summary>
public sealed class MqttBroker : IAsyncDisposable
{
    private readonly MqttBrokerOptions _options;
    private readonly BrokerContext _context;
    private readonly BrokerCore _core;
    private readonly SnapshotStore? _store;
    private readonly ConcurrentDictionary<ClientConnection, Task> _connections = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly long _startedTicks = Environment.TickCount64;
    private long _savedChanges = -1;
    private long _nextSysTicks;
    private bool _started;

    /// <summary>Loads the password and ACL files (a <see cref="BrokerConfigException"/> names the problem) and prepares the broker.</summary>
    public MqttBroker(MqttBrokerOptions options, Action<string>? log = null)
        : this(options, log, null)
    {
    }

    /// <summary>Tests pass a wall clock (Unix ms) they can move, to exercise expiry without waiting.</summary>
    internal MqttBroker(MqttBrokerOptions options, Action<string>? log, Func<long>? clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        if (options.TlsPort is not null && options.TlsCertificate is null)
        {
            throw new BrokerConfigException("a TLS port is set but no TLS certificate; give the certificate (PEM cert + key) or drop the TLS port.");
        }

        var passwords = options.PasswordFile is { } pw ? PasswordFile.Load(pw) : null;
        var acl = options.AclFile is { } af ? AclFile.Load(af) : null;
        Statistics = new BrokerStatistics();
        _core = new BrokerCore(options, Statistics, acl, clock);
        _context = new BrokerContext
        {
            Options = options,
            Core = _core,
            Statistics = Statistics,
            Passwords = passwords,
            Acl = acl,
            Log = log ?? (_ => { }),
        };
        _store = options.PersistenceDirectory is { } dir ? new SnapshotStore(dir) : null;
    }

    /// <summary>Live counters (also published under $SYS/broker/...).</summary>
    public BrokerStatistics Statistics { get; }

    /// <summary>Plain TCP port actually bound (useful with port 0), or 0 when disabled.</summary>
    public int Port { get; private set; }

    /// <summary>TLS port actually bound, or 0 when disabled.</summary>
    public int TlsPort { get; private set; }

    /// <summary>Sessions currently known (connected or kept for an offline client).</summary>
    public int SessionCount => _core.SessionCount;

    /// <summary>Subscriptions of all sessions (tests wait on it before publishing).</summary>
    internal int SubscriptionCount => _core.SubscriptionCount;

    internal int RetainedCount => _core.RetainedCount;

    internal BrokerCore Core => _core;

    /// <summary>Restores persisted state, binds the listeners and starts serving.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("The broker is already started.");
        }

        _started = true;
        if (_store is not null)
        {
            var state = _store.Load(_core.NewSession, out var problem);
            if (problem is not null)
            {
                _context.Log("mqtt broker: " + problem);
            }

            if (state is not null)
            {
                _core.Restore(state);
                _context.Log($"mqtt broker: restored {state.Sessions.Count} sessions and {state.Retained.Count} retained messages from {_store.FilePath}");
            }
        }

        if (_options.Port is { } port)
        {
            Port = Listen(port, tls: false);
        }

        if (_options.TlsPort is { } tlsPort)
        {
            TlsPort = Listen(tlsPort, tls: true);
        }

        _loops.Add(HousekeepingLoopAsync(_stopping.Token));
        _context.Log($"mqtt broker: listening on {_options.BindAddress} port {Port}{(TlsPort != 0 ? $", TLS port {TlsPort}" : string.Empty)}");
        return Task.CompletedTask;
    }

    /// <summary>Stops listening, closes every client (MQTT 5: DISCONNECT 0x8B) and writes the final snapshot.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        foreach (var connection in _connections.Keys)
        {
            connection.Close(Packets.MqttReasonCode.ServerShuttingDown, "broker stopping");
        }

        using (var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            grace.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                await Task.WhenAll(_connections.Values).WaitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                foreach (var connection in _connections.Keys)
                {
                    connection.Abort();
                }

                await Task.WhenAll(_connections.Values).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
        Save(force: true);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Publishes a message from inside the process (no connection), as if a client had sent it.</summary>
    public int Publish(string topic, ReadOnlyMemory<byte> payload, int qos = 0, bool retain = false)
    {
        if (!Routing.TopicFilter.IsValidTopicName(topic))
        {
            throw new ArgumentException($"'{topic}' is not a valid MQTT topic name.", nameof(topic));
        }

        return _core.Publish(new BrokerMessage { Topic = topic, Payload = payload.ToArray(), Qos = (byte)Math.Clamp(qos, 0, 2), Retain = retain });
    }

    private int Listen(int port, bool tls)
    {
        var socket = new Socket(_options.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(_options.BindAddress, port));
            socket.Listen(512);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new BrokerConfigException($"cannot listen on {_options.BindAddress}:{port} ({e.SocketErrorCode}); pick another port with --{(tls ? "tls-port" : "port")}.", e);
        }

        _listeners.Add(socket);
        _loops.Add(AcceptLoopAsync(socket, tls, _stopping.Token));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private async Task AcceptLoopAsync(Socket listener, bool tls, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                _context.Log("mqtt broker: accept failed: " + e.Message);
                continue;
            }

            Statistics.ConnectionAccepted();
            if (_connections.Count >= _options.MaxConnections)
            {
                // Over the connection limit: close before reading anything, so a flood costs no buffers.
                Statistics.ConnectionRefused();
                client.Close(0);
                continue;
            }

            client.NoDelay = true;
            var connection = new ClientConnection(_context, client, tls);
            var run = RunConnectionAsync(connection);
            _connections[connection] = run;
        }
    }

    private async Task RunConnectionAsync(ClientConnection connection)
    {
        await Task.Yield();
        try
        {
            await connection.RunAsync(_options.TlsCertificate).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
        }
    }

    private async Task HousekeepingLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HousekeepingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                _core.Housekeep();
                foreach (var connection in _connections.Keys)
                {
                    connection.CheckTimers(now);
                }

                if (_options.SysInterval > TimeSpan.Zero && now >= _nextSysTicks)
                {
                    _nextSysTicks = now + (long)_options.SysInterval.TotalMilliseconds;
                    PublishSys(now);
                }

                Save(force: false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Writes the snapshot when something changed since the last one (crash-safe; see <see cref="SnapshotStore"/>).</summary>
    private void Save(bool force)
    {
        if (_store is null)
        {
            return;
        }

        var changes = _core.ChangeCount;
        if (!force && changes == _savedChanges)
        {
            return;
        }

        try
        {
            _store.Write(_core.Serialize());
            _savedChanges = changes;
        }
        catch (IOException e)
        {
            _context.Log($"mqtt broker: could not write {_store.FilePath}: {e.Message}; retrying at the next interval.");
        }
        catch (UnauthorizedAccessException e)
        {
            _context.Log($"mqtt broker: could not write {_store.FilePath}: {e.Message}; check the persistence directory's permissions.");
        }
    }

    /// <summary>$SYS/broker/... retained statistics, named as mosquitto names them so existing dashboards work.</summary>
    private void PublishSys(long nowTicks)
    {
        var s = Statistics;
        Sys("$SYS/broker/version", "telemetry-broker " + typeof(MqttBroker).Assembly.GetName().Version);
        Sys("$SYS/broker/uptime", $"{(nowTicks - _startedTicks) / 1000} seconds");
        Sys("$SYS/broker/clients/connected", s.ClientsConnected);
        Sys("$SYS/broker/clients/total", _core.SessionCount);
        Sys("$SYS/broker/messages/received", s.MessagesReceived);
        Sys("$SYS/broker/messages/sent", s.MessagesSent);
        Sys("$SYS/broker/messages/dropped", s.MessagesDropped);
        Sys("$SYS/broker/messages/expired", s.MessagesExpired);
        Sys("$SYS/broker/bytes/received", s.BytesReceived);
        Sys("$SYS/broker/bytes/sent", s.BytesSent);
        Sys("$SYS/broker/subscriptions/count", _core.SubscriptionCount);
        Sys("$SYS/broker/retained messages/count", _core.RetainedCount);
        Sys("$SYS/broker/connections/refused", s.ConnectionsRefused);
        Sys("$SYS/broker/protocol errors", s.ProtocolErrors);

        void Sys(string topic, object value) =>
            _core.Publish(new BrokerMessage
            {
                Topic = topic,
                Payload = Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty),
                Retain = true,
            });
    }
}
