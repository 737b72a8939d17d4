using System.Security.Cryptography.X509Certificates;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt;

/// <summary>How an <see cref="MqttClient"/> connects and behaves. Immutable; change with <c>with</c>.</summary>
public sealed record MqttClientOptions
{
    /// <summary>Broker host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>Broker port (1883 plain, 8883 TLS by convention).</summary>
    public int Port { get; init; } = 1883;

    /// <summary>Protocol version to speak.</summary>
    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>Client identifier. Empty lets a 5.0 server assign one (3.1.1 requires clean start then).</summary>
    public string ClientId { get; init; } = "";

    /// <summary>
    /// Start with a clean session on the first connect. Reconnects always ask to resume the session when
    /// <see cref="SessionExpiryInterval"/> is non-zero (5.0) or <see cref="CleanStart"/> is false (3.1.1).
    /// </summary>
    public bool CleanStart { get; init; } = true;

    /// <summary>MQTT 5.0 session expiry after disconnect, seconds; <see cref="uint.MaxValue"/> never expires.</summary>
    public uint SessionExpiryInterval { get; init; }

    /// <summary>Keep-alive period; zero disables it. The server may impose its own (5.0 Server Keep Alive).</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for PINGRESP before declaring the link dead; default half the keep-alive.</summary>
    public TimeSpan? PingTimeout { get; init; }

    /// <summary>
    /// Linux TCP_USER_TIMEOUT: how long sent data may stay unacknowledged before the kernel drops the link, so a
    /// half-open link is found by the kernel as well as by the keep-alive. Null (default) means keep-alive × 1.5
    /// (none when keep-alive is off); <see cref="TimeSpan.Zero"/> leaves the kernel default. Ignored off Linux.
    /// </summary>
    public TimeSpan? TcpUserTimeout { get; init; }

    /// <summary>User name, or null for none.</summary>
    public string? UserName { get; init; }

    /// <summary>Password, or null for none.</summary>
    public string? Password { get; init; }

    /// <summary>MQTT 5.0 enhanced authentication (challenge/response in AUTH packets), or null for none.</summary>
    public IMqttAuthenticator? Authenticator { get; init; }

    /// <summary>Last Will, or null for none.</summary>
    public MqttWill? Will { get; init; }

    /// <summary>TLS settings, or null for plain TCP.</summary>
    public MqttTlsOptions? Tls { get; init; }

    /// <summary>Most QoS 1/2 messages awaiting acknowledgement; the server's Receive Maximum lowers it.</summary>
    public int MaxInFlight { get; init; } = 1024;

    /// <summary>Largest packet accepted from the server (advertised in 5.0 CONNECT); bigger ones close the link.</summary>
    public int MaxIncomingPacketSize { get; init; } = 1024 * 1024;

    /// <summary>Outgoing bytes buffered before publishers are made to wait (back-pressure).</summary>
    public int WriteBufferLimit { get; init; } = 64 * 1024;

    /// <summary>Topic aliases accepted from the server (5.0 Topic Alias Maximum in CONNECT).</summary>
    public ushort TopicAliasMaximum { get; init; } = 64;

    /// <summary>Send topic aliases when the server allows them (5.0), to save bytes on repeated topics.</summary>
    public bool UseTopicAliases { get; init; } = true;

    /// <summary>Time allowed for TCP, TLS and CONNACK together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect delay ceiling; doubles each failed attempt up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Largest reconnect delay ceiling. The actual delay is uniform in [0, ceiling] (full jitter).</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called for every PUBLISH received, on the receive loop: keep it short, copy what you keep.</summary>
    public MqttMessageHandler? MessageHandler { get; init; }

    internal TimeSpan EffectivePingTimeout => PingTimeout ?? TimeSpan.FromTicks(Math.Max(KeepAlive.Ticks / 2, TimeSpan.TicksPerSecond));
}

/// <summary>Receives a PUBLISH. The spans are only valid during the call.</summary>
public delegate void MqttMessageHandler(in MqttPublish message);

/// <summary>Last Will message (MQTT 5.0 §3.1.3.2).</summary>
public sealed record MqttWill
{
    /// <summary>Topic the server publishes the Will to.</summary>
    public required string Topic { get; init; }

    /// <summary>Will payload.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Will QoS.</summary>
    public MqttQos Qos { get; init; }

    /// <summary>Retain the Will.</summary>
    public bool Retain { get; init; }

    /// <summary>MQTT 5.0 Will Delay Interval: the server waits this long (or until the session ends) before publishing.</summary>
    public uint DelayInterval { get; init; }

    /// <summary>MQTT 5.0 Message Expiry Interval of the Will, seconds; null for none.</summary>
    public uint? MessageExpiryInterval { get; init; }

    /// <summary>MQTT 5.0 Content Type of the Will.</summary>
    public string? ContentType { get; init; }
}

/// <summary>TLS settings (SslStream).</summary>
public sealed record MqttTlsOptions
{
    /// <summary>Name the server certificate must carry; defaults to the host.</summary>
    public string? TargetHost { get; init; }

    /// <summary>Trust these roots (a private CA) instead of the system store.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>Client certificate (with private key) for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Accept any server certificate. For tests only: it disables server authentication.</summary>
    public bool AllowUntrustedServer { get; init; }
}
