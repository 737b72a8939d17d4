using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt;

/// <summary>Why a connection ended.</summary>
public sealed record MqttDisconnectInfo
{
    /// <summary>Reason code: the server's DISCONNECT or CONNACK reason, or the one we closed with.</summary>
    public MqttReasonCode Reason { get; init; }

    /// <summary>True when the server said why (DISCONNECT or a refusing CONNACK).</summary>
    public bool ByServer { get; init; }

    /// <summary>Server's Reason String, or our description.</summary>
    public string? Message { get; init; }

    /// <summary>Transport or TLS failure, if that is what ended it.</summary>
    public Exception? Exception { get; init; }

    /// <summary>Server Reference (5.0) when the server redirects.</summary>
    public string? ServerReference { get; init; }

    /// <inheritdoc />
    public override string ToString()
        => $"{(ByServer ? "server" : "client")} closed: {Reason} (0x{(byte)Reason:X2}){(Message is null ? "" : ": " + Message)}"
            + (Exception is null ? "" : $" [{Exception.GetType().Name}: {Exception.Message}]");
}

/// <summary>What the server granted at connect time.</summary>
public sealed record MqttConnectedInfo
{
    /// <summary>The server kept our session.</summary>
    public bool SessionPresent { get; init; }

    /// <summary>Effective in-flight window for QoS 1/2 (min of ours and the server's Receive Maximum).</summary>
    public int ReceiveMaximum { get; init; }

    /// <summary>Highest QoS the server accepts.</summary>
    public MqttQos MaximumQos { get; init; }

    /// <summary>Largest packet the server accepts, or null for no limit.</summary>
    public uint? MaximumPacketSize { get; init; }

    /// <summary>Topic aliases we may send.</summary>
    public ushort TopicAliasMaximum { get; init; }

    /// <summary>Client identifier assigned by the server, if any.</summary>
    public string? AssignedClientId { get; init; }

    /// <summary>Keep-alive in force.</summary>
    public TimeSpan KeepAlive { get; init; }

    /// <summary>Retained messages supported.</summary>
    public bool RetainAvailable { get; init; }
}

/// <summary>The server refused the connection or it could not be established.</summary>
public sealed class MqttConnectException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MqttConnectException(MqttReasonCode reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    /// <summary>Creates the exception.</summary>
    public MqttConnectException()
        : this(MqttReasonCode.UnspecifiedError, "MQTT connect failed")
    {
    }

    /// <summary>Creates the exception.</summary>
    public MqttConnectException(string message)
        : this(MqttReasonCode.UnspecifiedError, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MqttConnectException(string message, Exception inner)
        : this(MqttReasonCode.UnspecifiedError, message, inner)
    {
    }

    /// <summary>CONNACK reason code, or UnspecifiedError for transport failures.</summary>
    public MqttReasonCode Reason { get; }
}
