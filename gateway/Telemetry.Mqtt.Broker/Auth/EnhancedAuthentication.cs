using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt.Broker.Auth;

/// <summary>
/// An MQTT 5.0 enhanced authentication method (§4.12): CONNECT names the method, then challenge and response travel
/// in AUTH packets until the server accepts (CONNACK, or AUTH 0x00 when re-authenticating) or refuses.
/// </summary>
public interface IMqttEnhancedAuthenticator
{
    /// <summary>The Authentication Method this authenticator answers, e.g. "SCRAM-SHA-256".</summary>
    string Method { get; }

    /// <summary>Starts one exchange (a CONNECT or a re-authentication) for <paramref name="clientId"/>.</summary>
    IMqttAuthExchange Start(string clientId, string? userName);
}

/// <summary>The server side of one authentication exchange.</summary>
public interface IMqttAuthExchange
{
    /// <summary>
    /// Consumes the client's Authentication Data (from CONNECT, AUTH 0x19 or AUTH 0x18; empty when none was sent) and
    /// says what happens next.
    /// </summary>
    MqttAuthStep Step(ReadOnlySpan<byte> clientData);
}

/// <summary>Outcome of one step of an exchange.</summary>
public readonly record struct MqttAuthStep
{
    private MqttAuthStep(MqttReasonCode reason, byte[]? data)
    {
        Reason = reason;
        Data = data;
    }

    /// <summary>0x18 Continue authentication, 0x00 Success, or a refusal (0x87 Not authorized, 0x8C Bad authentication method...).</summary>
    public MqttReasonCode Reason { get; }

    /// <summary>Authentication Data for the client (a challenge, or the server's final proof), or null.</summary>
    public byte[]? Data { get; }

    /// <summary>Send <paramref name="challenge"/> in AUTH 0x18 and wait for the client's answer.</summary>
    public static MqttAuthStep Continue(byte[] challenge) => new(MqttReasonCode.ContinueAuthentication, challenge);

    /// <summary>Accept the client, optionally with final data (e.g. a server signature).</summary>
    public static MqttAuthStep Success(byte[]? data = null) => new(MqttReasonCode.Success, data);

    /// <summary>Refuse the client with <paramref name="reason"/> (≥ 0x80).</summary>
    public static MqttAuthStep Fail(MqttReasonCode reason = MqttReasonCode.NotAuthorized)
        => new(MqttReasonCodes.IsError(reason) ? reason : throw new ArgumentOutOfRangeException(nameof(reason)), null);
}
