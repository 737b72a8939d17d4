namespace Telemetry.Mqtt.Broker;

/// <summary>Counters of a running broker, published under $SYS and readable in-process.</summary>
public sealed class BrokerStatistics
{
    private long _connectionsAccepted;
    private long _connectionsRefused;
    private long _messagesReceived;
    private long _messagesSent;
    private long _messagesDropped;
    private long _messagesExpired;
    private long _bytesReceived;
    private long _bytesSent;
    private long _protocolErrors;
    private int _clientsConnected;

    /// <summary>TCP/TLS connections accepted.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    /// <summary>Connections refused (limits, authentication, ACL, malformed CONNECT).</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    /// <summary>PUBLISH packets received from clients.</summary>
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    /// <summary>PUBLISH packets sent to clients.</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    /// <summary>Messages dropped by a full queue or a full connection buffer.</summary>
    public long MessagesDropped => Interlocked.Read(ref _messagesDropped);

    /// <summary>Messages discarded because their MQTT 5 Message Expiry Interval passed.</summary>
    public long MessagesExpired => Interlocked.Read(ref _messagesExpired);

    /// <summary>Bytes read from clients.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Bytes written to clients.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Connections closed for a protocol violation (malformed, oversized, timed out).</summary>
    public long ProtocolErrors => Interlocked.Read(ref _protocolErrors);

    /// <summary>Clients with a completed CONNECT right now.</summary>
    public int ClientsConnected => Volatile.Read(ref _clientsConnected);

    internal void ConnectionAccepted() => Interlocked.Increment(ref _connectionsAccepted);

    internal void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);

    internal void MessageReceived() => Interlocked.Increment(ref _messagesReceived);

    internal void MessageSent() => Interlocked.Increment(ref _messagesSent);

    internal void MessageDropped(long count = 1) => Interlocked.Add(ref _messagesDropped, count);

    internal void MessageExpired() => Interlocked.Increment(ref _messagesExpired);

    internal void AddBytesReceived(long count) => Interlocked.Add(ref _bytesReceived, count);

    internal void AddBytesSent(long count) => Interlocked.Add(ref _bytesSent, count);

    internal void ProtocolError() => Interlocked.Increment(ref _protocolErrors);

    internal void ClientConnected() => Interlocked.Increment(ref _clientsConnected);

    internal void ClientDisconnected() => Interlocked.Decrement(ref _clientsConnected);
}
