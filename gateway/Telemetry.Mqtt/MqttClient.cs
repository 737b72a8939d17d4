using Telemetry.Mqtt.Internal;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt;

/// <summary>
/// MQTT 3.1.1 / 5.0 client. Connects once with <see cref="ConnectAsync"/>, then keeps the session alive on its own:
/// keep-alive on received traffic, reconnect with exponential backoff and full jitter, and DUP resend of every
/// unacknowledged QoS 1/2 message (and PUBREL) in original order. <c>PublishAsync</c> completes when the
/// message is acknowledged (QoS 1/2) or written (QoS 0). Thread-safe.
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly OutgoingStore _store = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _window;
    private readonly SemaphoreSlim _slowGate = new(1, 1);
    private readonly Lock _stateLock = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly bool[] _incomingQos2 = new bool[65536];
    private readonly FixedBufferWriter _encodeBuffer = new();
    private volatile MqttConnection? _connection;
    private TaskCompletionSource _connected = NewSignal();
    private Task? _supervisor;
    private const int QueuedFlushBytes = 32 * 1024;
    private TaskCompletionSource? _windowWaiter;
    private int _windowLowWater = 1;
    private long _refused;
    private long _expired;
    private int _windowHeld;
    private int _slowPathCount;
    private bool _everConnected;
    private volatile bool _stopping;

    /// <summary>Creates a client; nothing happens until <see cref="ConnectAsync"/>.</summary>
    public MqttClient(MqttClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxInFlight, 65_000);
        if (options.ProtocolVersion == MqttProtocolVersion.V311 && options.ClientId.Length == 0 && !options.CleanStart)
        {
            throw new ArgumentException("MQTT 3.1.1 needs a ClientId to keep a session (CleanStart = false).", nameof(options));
        }

        Options = options;
        _window = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
    }

    /// <summary>The options given at construction.</summary>
    public MqttClientOptions Options { get; }

    /// <summary>True while a connection is up.</summary>
    public bool IsConnected => _connection is not null;

    /// <summary>QoS 1/2 messages sent or queued and not yet fully acknowledged.</summary>
    public int InFlight => _store.Count;

    /// <summary>
    /// QoS 1/2 messages with a Message Expiry Interval (5.0) that ran out while they waited for a reconnect: they are
    /// not re-sent (an awaited publish fails with <see cref="TimeoutException"/>). Messages re-sent in time carry the
    /// interval minus the time they waited.
    /// </summary>
    public long ExpiredCount => Interlocked.Read(ref _expired);

    /// <summary>The socket of the current connection (tests read its options).</summary>
    internal System.Net.Sockets.Socket? CurrentSocket => _connection?.Socket;

    /// <summary>What the server granted on the current (or last) connection.</summary>
    public MqttConnectedInfo? ConnectionInfo { get; private set; }

    /// <summary>Raised after every successful CONNACK (on a pool thread).</summary>
    public event Action<MqttConnectedInfo>? Connected;

    /// <summary>Raised once per lost connection and per failed reconnect attempt, with the reason.</summary>
    public event Action<MqttDisconnectInfo>? Disconnected;

    /// <summary>
    /// Connects (TCP, TLS, CONNECT/CONNACK). Throws <see cref="MqttConnectException"/> when the first attempt fails;
    /// after it succeeds, lost connections are re-established in the background until disposal.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        if (_supervisor is not null)
        {
            throw new InvalidOperationException("ConnectAsync was already called; the client reconnects on its own.");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var connection = await EstablishAsync(linked.Token).ConfigureAwait(false);
        _supervisor = Task.Run(() => SuperviseAsync(connection), CancellationToken.None);
    }

    /// <summary>
    /// Sends DISCONNECT, drains what is queued, closes with a FIN and stops reconnecting. In-flight QoS 1/2
    /// messages stay in the session (resent if the client connects again with the same identity).
    /// </summary>
    public async Task DisconnectAsync(MqttReasonCode reason = MqttReasonCode.Success, CancellationToken cancellationToken = default)
    {
        _stopping = true;
        var connection = _connection;
        if (connection is not null)
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var disconnect = new MqttDisconnect { Type = MqttPacketType.Disconnect, ReasonCode = reason };
                MqttPacketWriter.WriteDisconnect(connection.Output.Writer, connection.Version, disconnect);
                await connection.Output.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                // Completing the pipe lets the writer loop send everything, then it shuts the socket down (FIN).
                await connection.Output.Writer.CompleteAsync().ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }

            await connection.Completion.WaitAsync(Options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_supervisor is not null)
        {
            await _supervisor.ConfigureAwait(false);
        }
    }

    /// <summary>Stops the client: closes the connection and fails every in-flight publish.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (!_lifetime.IsCancellationRequested)
        {
            await _lifetime.CancelAsync().ConfigureAwait(false);
        }

        _connection?.Abort(new MqttDisconnectInfo { Reason = MqttReasonCode.Success, Message = "client disposed" });
        if (_supervisor is not null)
        {
            await _supervisor.ConfigureAwait(false);
        }

        _store.FailAll(new ObjectDisposedException(nameof(MqttClient)));
        Interlocked.Exchange(ref _windowWaiter, null)?.TrySetException(new ObjectDisposedException(nameof(MqttClient)));
        _connected.TrySetException(new ObjectDisposedException(nameof(MqttClient)));
        _lifetime.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void RaiseDisconnected(MqttDisconnectInfo info) => Disconnected?.Invoke(info);
}
