using System.Net;
using System.Security.Cryptography.X509Certificates;
using Telemetry.Mqtt.Broker.Sessions;

namespace Telemetry.Mqtt.Broker;

/// <summary>Settings of an <see cref="MqttBroker"/>. Every queue and length has a bound here.</summary>
public sealed record MqttBrokerOptions
{
    /// <summary>Address the listeners bind to.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>Plain TCP port (1883); 0 picks a free port (see <see cref="MqttBroker.Port"/>); null disables the listener.</summary>
    public int? Port { get; init; } = 1883;

    /// <summary>TLS port (8883); null disables it. Needs <see cref="TlsCertificate"/>.</summary>
    public int? TlsPort { get; init; }

    /// <summary>Server certificate with private key for the TLS listener.</summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>mosquitto password_file (mosquitto_passwd hashes); null accepts any credentials.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>mosquitto acl_file; null allows every topic.</summary>
    public string? AclFile { get; init; }

    /// <summary>
    /// MQTT 5.0 enhanced authentication (§4.12): clients naming this authenticator's method in CONNECT go through its
    /// challenge/response exchange before CONNACK, and may re-authenticate later. Null refuses any method with 0x8C.
    /// </summary>
    public Auth.IMqttEnhancedAuthenticator? EnhancedAuthenticator { get; init; }

    /// <summary>Accept clients without a username. Defaults to true without a password file, false with one (like mosquitto 2.0).</summary>
    public bool? AllowAnonymous { get; init; }

    /// <summary>Directory for the persistence snapshot (sessions, in-flight QoS 1/2, retained); null keeps state in memory only.</summary>
    public string? PersistenceDirectory { get; init; }

    /// <summary>Longest time a change waits before it is written to disk.</summary>
    public TimeSpan PersistenceInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Connections beyond this are refused (CONNACK "server unavailable"/0x9F quota) and closed.</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>Largest packet the broker accepts (announced as MQTT 5 Maximum Packet Size).</summary>
    public int MaxPacketSize { get; init; } = 1 << 20;

    /// <summary>QoS 1/2 publishes a client may have unacknowledged towards us (MQTT 5 Receive Maximum).</summary>
    public ushort ReceiveMaximum { get; init; } = 1000;

    /// <summary>Cap on QoS 1/2 messages in flight to one client (further limited by the client's Receive Maximum).</summary>
    public ushort MaxInflightPerClient { get; init; } = 1000;

    /// <summary>Bound of each session's queue of undelivered messages, in messages.</summary>
    public int MaxQueuedMessages { get; init; } = 100_000;

    /// <summary>Bound of each session's queue, in payload bytes.</summary>
    public long MaxQueuedBytes { get; init; } = 64L << 20;

    /// <summary>What a full session queue drops.</summary>
    public QueueOverflowPolicy QueueOverflowPolicy { get; init; } = QueueOverflowPolicy.DropOldest;

    /// <summary>Queue QoS 0 messages for offline persistent sessions too (mosquitto's queue_qos0_messages).</summary>
    public bool QueueQos0WhileOffline { get; init; }

    /// <summary>Bytes waiting to be written to one connection beyond which QoS 0 messages to it are dropped (counted).</summary>
    public int MaxOutboundBufferBytes { get; init; } = 4 << 20;

    /// <summary>Topic aliases a client may use towards us (MQTT 5 Topic Alias Maximum).</summary>
    public ushort TopicAliasMaximum { get; init; } = 64;

    /// <summary>Server Keep Alive imposed on MQTT 5 clients (§3.2.2.3.14); null accepts the client's value.</summary>
    public ushort? ServerKeepAlive { get; init; }

    /// <summary>Time a new connection has to send CONNECT before it is closed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound of the retained store, in topics.</summary>
    public int MaxRetainedMessages { get; init; } = 100_000;

    /// <summary>Period of the $SYS statistics topics; zero disables them.</summary>
    public TimeSpan SysInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Period of housekeeping (session expiry, delayed wills, expired messages).</summary>
    public TimeSpan HousekeepingInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
