namespace Telemetry.Mqtt.Packets;

/// <summary>
/// MQTT 5.0 reason codes (§2.4, table 2-6). MQTT 3.1.1 CONNACK return codes and SUBACK codes are mapped onto
/// these so callers see one vocabulary whatever the protocol version. Values below 0x80 are success.
/// </summary>
public enum MqttReasonCode : byte
{
    /// <summary>Success, normal disconnection, or granted QoS 0.</summary>
    Success = 0x00,

    /// <summary>Granted QoS 1.</summary>
    GrantedQos1 = 0x01,

    /// <summary>Granted QoS 2.</summary>
    GrantedQos2 = 0x02,

    /// <summary>Disconnect and publish the Will.</summary>
    DisconnectWithWillMessage = 0x04,

    /// <summary>Accepted, but nobody subscribed.</summary>
    NoMatchingSubscribers = 0x10,

    /// <summary>Unsubscribed filter did not exist.</summary>
    NoSubscriptionExisted = 0x11,

    /// <summary>Continue the authentication exchange.</summary>
    ContinueAuthentication = 0x18,

    /// <summary>Start re-authentication.</summary>
    ReAuthenticate = 0x19,

    /// <summary>Unspecified error.</summary>
    UnspecifiedError = 0x80,

    /// <summary>The packet could not be parsed.</summary>
    MalformedPacket = 0x81,

    /// <summary>The packet was well formed but broke the protocol.</summary>
    ProtocolError = 0x82,

    /// <summary>Valid but refused by this implementation.</summary>
    ImplementationSpecificError = 0x83,

    /// <summary>Protocol version not supported.</summary>
    UnsupportedProtocolVersion = 0x84,

    /// <summary>Client identifier refused.</summary>
    ClientIdentifierNotValid = 0x85,

    /// <summary>Bad user name or password.</summary>
    BadUserNameOrPassword = 0x86,

    /// <summary>Not authorized.</summary>
    NotAuthorized = 0x87,

    /// <summary>Server unavailable.</summary>
    ServerUnavailable = 0x88,

    /// <summary>Server busy.</summary>
    ServerBusy = 0x89,

    /// <summary>Client banned.</summary>
    Banned = 0x8A,

    /// <summary>Server shutting down.</summary>
    ServerShuttingDown = 0x8B,

    /// <summary>Bad authentication method.</summary>
    BadAuthenticationMethod = 0x8C,

    /// <summary>Keep-alive timeout.</summary>
    KeepAliveTimeout = 0x8D,

    /// <summary>Another connection took over the session.</summary>
    SessionTakenOver = 0x8E,

    /// <summary>Topic filter invalid.</summary>
    TopicFilterInvalid = 0x8F,

    /// <summary>Topic name invalid.</summary>
    TopicNameInvalid = 0x90,

    /// <summary>Packet identifier in use.</summary>
    PacketIdentifierInUse = 0x91,

    /// <summary>Packet identifier not found.</summary>
    PacketIdentifierNotFound = 0x92,

    /// <summary>Receive maximum exceeded.</summary>
    ReceiveMaximumExceeded = 0x93,

    /// <summary>Topic alias invalid.</summary>
    TopicAliasInvalid = 0x94,

    /// <summary>Packet larger than the maximum packet size.</summary>
    PacketTooLarge = 0x95,

    /// <summary>Message rate too high.</summary>
    MessageRateTooHigh = 0x96,

    /// <summary>Quota exceeded.</summary>
    QuotaExceeded = 0x97,

    /// <summary>Administrative action.</summary>
    AdministrativeAction = 0x98,

    /// <summary>Payload format invalid.</summary>
    PayloadFormatInvalid = 0x99,

    /// <summary>Retain not supported.</summary>
    RetainNotSupported = 0x9A,

    /// <summary>QoS not supported.</summary>
    QosNotSupported = 0x9B,

    /// <summary>Use another server.</summary>
    UseAnotherServer = 0x9C,

    /// <summary>Server moved.</summary>
    ServerMoved = 0x9D,

    /// <summary>Shared subscriptions not supported.</summary>
    SharedSubscriptionsNotSupported = 0x9E,

    /// <summary>Connection rate exceeded.</summary>
    ConnectionRateExceeded = 0x9F,

    /// <summary>Maximum connect time.</summary>
    MaximumConnectTime = 0xA0,

    /// <summary>Subscription identifiers not supported.</summary>
    SubscriptionIdentifiersNotSupported = 0xA1,

    /// <summary>Wildcard subscriptions not supported.</summary>
    WildcardSubscriptionsNotSupported = 0xA2,
}

/// <summary>Which reason codes each packet may carry (MQTT 5.0 §3.x.2.1 tables) and the 3.1.1 mappings.</summary>
public static class MqttReasonCodes
{
    /// <summary>True when <paramref name="code"/> is a failure (0x80 and above).</summary>
    public static bool IsError(MqttReasonCode code) => (byte)code >= 0x80;

    /// <summary>True when the MQTT 5.0 spec lists <paramref name="code"/> for packets of <paramref name="type"/>.</summary>
    public static bool IsValidFor(MqttPacketType type, byte code) => type switch
    {
        // §3.2.2.2 CONNACK reason codes.
        MqttPacketType.ConnAck => code is 0x00 or (>= 0x80 and <= 0x8A) or 0x8C or 0x90 or 0x95 or 0x97
            or 0x99 or 0x9A or 0x9B or 0x9C or 0x9D or 0x9F,
        // §3.4.2.1 / §3.5.2.1 PUBACK and PUBREC reason codes.
        MqttPacketType.PubAck or MqttPacketType.PubRec => code is 0x00 or 0x10 or 0x80 or 0x83 or 0x87 or 0x90
            or 0x91 or 0x97 or 0x99,
        // §3.6.2.1 / §3.7.2.1 PUBREL and PUBCOMP.
        MqttPacketType.PubRel or MqttPacketType.PubComp => code is 0x00 or 0x92,
        // §3.9.3 SUBACK.
        MqttPacketType.SubAck => code is 0x00 or 0x01 or 0x02 or 0x80 or 0x83 or 0x87 or 0x8F or 0x91 or 0x97
            or 0x9E or 0xA1 or 0xA2,
        // §3.11.3 UNSUBACK.
        MqttPacketType.UnsubAck => code is 0x00 or 0x11 or 0x80 or 0x83 or 0x87 or 0x8F or 0x91,
        // §3.14.2.1 DISCONNECT.
        MqttPacketType.Disconnect => code is 0x00 or 0x04 or 0x80 or 0x81 or 0x82 or 0x83 or 0x87 or 0x89
            or 0x8B or (>= 0x8D and <= 0x90) or (>= 0x93 and <= 0xA2),
        // §3.15.2.1 AUTH.
        MqttPacketType.Auth => code is 0x00 or 0x18 or 0x19,
        _ => false,
    };

    /// <summary>Maps an MQTT 3.1.1 CONNACK return code (§3.2.2.3) to the MQTT 5.0 reason code it means.</summary>
    public static MqttReasonCode FromV311ConnectReturnCode(byte returnCode) => returnCode switch
    {
        0 => MqttReasonCode.Success,
        1 => MqttReasonCode.UnsupportedProtocolVersion,
        2 => MqttReasonCode.ClientIdentifierNotValid,
        3 => MqttReasonCode.ServerUnavailable,
        4 => MqttReasonCode.BadUserNameOrPassword,
        5 => MqttReasonCode.NotAuthorized,
        _ => MqttReasonCode.UnspecifiedError,
    };

    /// <summary>Maps an MQTT 5.0 CONNACK reason to the closest MQTT 3.1.1 return code (for the broker).</summary>
    public static byte ToV311ConnectReturnCode(MqttReasonCode reason) => reason switch
    {
        MqttReasonCode.Success => 0,
        MqttReasonCode.UnsupportedProtocolVersion => 1,
        MqttReasonCode.ClientIdentifierNotValid => 2,
        MqttReasonCode.BadUserNameOrPassword => 4,
        MqttReasonCode.NotAuthorized => 5,
        _ => 3,
    };
}
