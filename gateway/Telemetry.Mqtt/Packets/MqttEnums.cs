namespace Telemetry.Mqtt.Packets;

/// <summary>Protocol level byte of CONNECT (MQTT 3.1.1 §3.1.2.2, MQTT 5.0 §3.1.2.2).</summary>
public enum MqttProtocolVersion : byte
{
    /// <summary>MQTT 3.1.1 (protocol level 4).</summary>
    V311 = 4,

    /// <summary>MQTT 5.0 (protocol level 5).</summary>
    V500 = 5,
}

/// <summary>Control packet type, the high nibble of the fixed header (MQTT 5.0 §2.1.2).</summary>
public enum MqttPacketType : byte
{
    /// <summary>Reserved; never valid on the wire.</summary>
    Reserved = 0,

    /// <summary>Client request to connect.</summary>
    Connect = 1,

    /// <summary>Connect acknowledgement.</summary>
    ConnAck = 2,

    /// <summary>Publish message.</summary>
    Publish = 3,

    /// <summary>QoS 1 acknowledgement.</summary>
    PubAck = 4,

    /// <summary>QoS 2 delivery part 1.</summary>
    PubRec = 5,

    /// <summary>QoS 2 delivery part 2.</summary>
    PubRel = 6,

    /// <summary>QoS 2 delivery part 3.</summary>
    PubComp = 7,

    /// <summary>Subscribe request.</summary>
    Subscribe = 8,

    /// <summary>Subscribe acknowledgement.</summary>
    SubAck = 9,

    /// <summary>Unsubscribe request.</summary>
    Unsubscribe = 10,

    /// <summary>Unsubscribe acknowledgement.</summary>
    UnsubAck = 11,

    /// <summary>Ping request.</summary>
    PingReq = 12,

    /// <summary>Ping response.</summary>
    PingResp = 13,

    /// <summary>Disconnect notification.</summary>
    Disconnect = 14,

    /// <summary>Authentication exchange (MQTT 5.0 only).</summary>
    Auth = 15,
}

/// <summary>Quality of service level.</summary>
public enum MqttQos : byte
{
    /// <summary>QoS 0: fire and forget.</summary>
    AtMostOnce = 0,

    /// <summary>QoS 1: acknowledged, may be duplicated.</summary>
    AtLeastOnce = 1,

    /// <summary>QoS 2: four-way handshake, delivered exactly once.</summary>
    ExactlyOnce = 2,
}

/// <summary>Retain handling subscription option (MQTT 5.0 §3.8.3.1).</summary>
public enum MqttRetainHandling : byte
{
    /// <summary>Send retained messages at the time of the subscribe.</summary>
    SendAtSubscribe = 0,

    /// <summary>Send retained messages only if the subscription did not exist.</summary>
    SendAtSubscribeIfNew = 1,

    /// <summary>Do not send retained messages.</summary>
    DoNotSend = 2,
}

/// <summary>Property identifiers (MQTT 5.0 §2.2.2.2, table 2-4).</summary>
public enum MqttPropertyId : byte
{
    /// <summary>Byte: 0 unspecified bytes, 1 UTF-8.</summary>
    PayloadFormatIndicator = 0x01,

    /// <summary>Four byte integer, seconds.</summary>
    MessageExpiryInterval = 0x02,

    /// <summary>UTF-8 string.</summary>
    ContentType = 0x03,

    /// <summary>UTF-8 string (a topic name).</summary>
    ResponseTopic = 0x08,

    /// <summary>Binary data.</summary>
    CorrelationData = 0x09,

    /// <summary>Variable byte integer 1..268,435,455.</summary>
    SubscriptionIdentifier = 0x0B,

    /// <summary>Four byte integer, seconds.</summary>
    SessionExpiryInterval = 0x11,

    /// <summary>UTF-8 string.</summary>
    AssignedClientIdentifier = 0x12,

    /// <summary>Two byte integer, seconds.</summary>
    ServerKeepAlive = 0x13,

    /// <summary>UTF-8 string.</summary>
    AuthenticationMethod = 0x15,

    /// <summary>Binary data.</summary>
    AuthenticationData = 0x16,

    /// <summary>Byte 0 or 1.</summary>
    RequestProblemInformation = 0x17,

    /// <summary>Four byte integer, seconds.</summary>
    WillDelayInterval = 0x18,

    /// <summary>Byte 0 or 1.</summary>
    RequestResponseInformation = 0x19,

    /// <summary>UTF-8 string.</summary>
    ResponseInformation = 0x1A,

    /// <summary>UTF-8 string.</summary>
    ServerReference = 0x1C,

    /// <summary>UTF-8 string.</summary>
    ReasonString = 0x1F,

    /// <summary>Two byte integer, non-zero.</summary>
    ReceiveMaximum = 0x21,

    /// <summary>Two byte integer.</summary>
    TopicAliasMaximum = 0x22,

    /// <summary>Two byte integer, non-zero.</summary>
    TopicAlias = 0x23,

    /// <summary>Byte 0 or 1.</summary>
    MaximumQos = 0x24,

    /// <summary>Byte 0 or 1.</summary>
    RetainAvailable = 0x25,

    /// <summary>UTF-8 string pair; may repeat.</summary>
    UserProperty = 0x26,

    /// <summary>Four byte integer, non-zero.</summary>
    MaximumPacketSize = 0x27,

    /// <summary>Byte 0 or 1.</summary>
    WildcardSubscriptionAvailable = 0x28,

    /// <summary>Byte 0 or 1.</summary>
    SubscriptionIdentifierAvailable = 0x29,

    /// <summary>Byte 0 or 1.</summary>
    SharedSubscriptionAvailable = 0x2A,
}
