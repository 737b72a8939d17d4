using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt.Tests.Codec;

/// <summary>
/// Packets assembled by hand from the field layouts of MQTT 3.1.1 §3 and MQTT 5.0 §3 (byte by byte, with the
/// remaining length counted by hand), so the codec is checked against the spec and not against itself.
/// </summary>
internal static class CodecVectors
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    // Name, version, bytes.
    public static readonly (string Name, MqttProtocolVersion Version, byte[] Bytes)[] Valid =
    [
        // PINGREQ / PINGRESP §3.12-3.13: type 12/13, flags 0, remaining length 0.
        ("pingreq", MqttProtocolVersion.V311, Hex("C0 00")),
        ("pingresp", MqttProtocolVersion.V500, Hex("D0 00")),
        // DISCONNECT 3.1.1 §3.14: no variable header.
        ("disconnect-311", MqttProtocolVersion.V311, Hex("E0 00")),
        // DISCONNECT 5.0 §3.14.2.1: reason 0x8E Session taken over, no properties (remaining length 1).
        ("disconnect-5-reason", MqttProtocolVersion.V500, Hex("E0 01 8E")),
        // PUBACK §3.4: packet id 10.
        ("puback", MqttProtocolVersion.V311, Hex("40 02 00 0A")),
        // PUBREL §3.6: flags 0010.
        ("pubrel", MqttProtocolVersion.V500, Hex("62 02 00 0A")),
        // PUBREC 5.0 with reason 0x10 No matching subscribers and a reason string "x".
        ("pubrec-5-props", MqttProtocolVersion.V500, Hex("50 08 00 0B 10 04 1F 00 01 78")),
        // CONNECT 3.1.1 §3.1: "MQTT", level 4, flags clean(02), keep alive 60, client id "abc". RL = 2+4+1+1+2+2+3 = 15.
        ("connect-311", MqttProtocolVersion.V311, Hex("10 0F 00 04 4D 51 54 54 04 02 00 3C 00 03 61 62 63")),
        // CONNECT 5.0: same plus properties (length 5: session expiry 0x11 = 3600). RL = 15 + 6 = 21.
        ("connect-5", MqttProtocolVersion.V500, Hex("10 15 00 04 4D 51 54 54 05 02 00 3C 05 11 00 00 0E 10 00 03 61 62 63")),
        // CONNECT 3.1.1 with will (qos1, retain), user "u", password "p": flags 1110 1110 = EE.
        // RL = 10 + 2+1 (id "c") + 2+1 (will topic "w") + 2+1 (will payload "z") + 2+1 (user) + 2+1 (password) = 25.
        ("connect-311-will-auth", MqttProtocolVersion.V311,
            Hex("10 19 00 04 4D 51 54 54 04 EE 00 0A 00 01 63 00 01 77 00 01 7A 00 01 75 00 01 70")),
        // CONNECT 5.0 with will: will properties (length 5: will delay 0x18 = 30). RL = 10 + 1 (props 0) + 3 + 6 + 3 + 3 = 26.
        ("connect-5-will", MqttProtocolVersion.V500,
            Hex("10 1A 00 04 4D 51 54 54 05 0E 00 0A 00 00 01 63 05 18 00 00 00 1E 00 01 77 00 01 7A")),
        // CONNACK 3.1.1 §3.2: session present, return code 0.
        ("connack-311", MqttProtocolVersion.V311, Hex("20 02 01 00")),
        // CONNACK 5.0: reason 0, properties length 3: receive maximum 0x21 = 10. RL = 1+1+1+3 = 6.
        ("connack-5", MqttProtocolVersion.V500, Hex("20 06 00 00 03 21 00 0A")),
        // PUBLISH 3.1.1 §3.3: QoS 1 (flags 0010), topic "a/b", id 1, payload "hi". RL = 2+3+2+2 = 9.
        ("publish-311-qos1", MqttProtocolVersion.V311, Hex("32 09 00 03 61 2F 62 00 01 68 69")),
        // PUBLISH 5.0: QoS 0 retain, topic "a/b", properties (payload format 1, topic alias 5), payload "hi". RL = 5+1+5+2 = 13.
        ("publish-5-props", MqttProtocolVersion.V500, Hex("31 0D 00 03 61 2F 62 05 01 01 23 00 05 68 69")),
        // PUBLISH 5.0 QoS 2 DUP with a user property ("k","v") and empty payload. Props = 1+2+1+2+1 = 7. RL = 5+2+1+7 = 15.
        ("publish-5-user", MqttProtocolVersion.V500, Hex("3C 0F 00 03 61 2F 62 00 07 07 26 00 01 6B 00 01 76")),
        // SUBSCRIBE 3.1.1 §3.8: flags 0010, id 2, filter "a/+" QoS 1. RL = 2+2+3+1 = 8.
        ("subscribe-311", MqttProtocolVersion.V311, Hex("82 08 00 02 00 03 61 2F 2B 01")),
        // SUBSCRIBE 5.0: id 2, props (subscription identifier 0x0B = 7), "a/#" with QoS 2, no local, RAP, RH 2 = 0010 1110.
        ("subscribe-5", MqttProtocolVersion.V500, Hex("82 0B 00 02 02 0B 07 00 03 61 2F 23 2E")),
        // SUBACK 3.1.1 §3.9: id 2, codes 01 and 80 (failure).
        ("suback-311", MqttProtocolVersion.V311, Hex("90 04 00 02 01 80")),
        // SUBACK 5.0: id 2, no properties, code 0xA2 wildcard subscriptions not supported.
        ("suback-5", MqttProtocolVersion.V500, Hex("90 04 00 02 00 A2")),
        // UNSUBSCRIBE 3.1.1 §3.10: flags 0010, id 3, filter "a".
        ("unsubscribe-311", MqttProtocolVersion.V311, Hex("A2 05 00 03 00 01 61")),
        // UNSUBACK 3.1.1 §3.11: id only.
        ("unsuback-311", MqttProtocolVersion.V311, Hex("B0 02 00 03")),
        // UNSUBACK 5.0: id 3, no properties, code 0x11 no subscription existed.
        ("unsuback-5", MqttProtocolVersion.V500, Hex("B0 04 00 03 00 11")),
        // AUTH 5.0 §3.15: reason 0x18 continue, properties (auth method "x"). RL = 1+1+4 = 6.
        ("auth-5", MqttProtocolVersion.V500, Hex("F0 06 18 04 15 00 01 78")),
    ];

    // Name, version, bytes, expected reason. Each breaks exactly one rule.
    public static readonly (string Name, MqttProtocolVersion Version, byte[] Bytes, MqttReasonCode Reason)[] Invalid =
    [
        ("remaining-length-5-bytes", MqttProtocolVersion.V311, Hex("30 FF FF FF FF 01"), MqttReasonCode.MalformedPacket),
        ("remaining-length-not-shortest", MqttProtocolVersion.V311, Hex("C0 80 00"), MqttReasonCode.MalformedPacket),
        ("type-0-reserved", MqttProtocolVersion.V311, Hex("00 00"), MqttReasonCode.MalformedPacket),
        ("puback-reserved-flag", MqttProtocolVersion.V311, Hex("41 02 00 01"), MqttReasonCode.MalformedPacket),
        ("subscribe-flags-0", MqttProtocolVersion.V311, Hex("80 08 00 02 00 03 61 2F 2B 01"), MqttReasonCode.MalformedPacket),
        ("publish-qos3", MqttProtocolVersion.V311, Hex("36 07 00 03 61 2F 62 00 01"), MqttReasonCode.MalformedPacket),
        ("publish-dup-qos0", MqttProtocolVersion.V311, Hex("38 05 00 03 61 2F 62"), MqttReasonCode.MalformedPacket),
        ("auth-in-311", MqttProtocolVersion.V311, Hex("F0 00"), MqttReasonCode.MalformedPacket),
        ("string-longer-than-packet", MqttProtocolVersion.V311, Hex("30 05 00 0A 61 2F 62"), MqttReasonCode.MalformedPacket),
        ("utf8-invalid", MqttProtocolVersion.V311, Hex("30 04 00 02 C3 28"), MqttReasonCode.MalformedPacket),
        ("utf8-nul", MqttProtocolVersion.V311, Hex("30 04 00 02 61 00"), MqttReasonCode.MalformedPacket),
        ("utf8-surrogate", MqttProtocolVersion.V311, Hex("30 05 00 03 ED A0 80"), MqttReasonCode.MalformedPacket),
        ("utf8-overlong", MqttProtocolVersion.V311, Hex("30 04 00 02 C0 AF"), MqttReasonCode.MalformedPacket),
        ("topic-wildcard", MqttProtocolVersion.V311, Hex("30 05 00 03 61 2F 2B"), MqttReasonCode.TopicNameInvalid),
        ("publish-id-0", MqttProtocolVersion.V311, Hex("32 07 00 03 61 2F 62 00 00"), MqttReasonCode.ProtocolError),
        ("puback-trailing-byte", MqttProtocolVersion.V311, Hex("40 03 00 01 00"), MqttReasonCode.MalformedPacket),
        ("pingreq-with-body", MqttProtocolVersion.V311, Hex("C0 01 00"), MqttReasonCode.MalformedPacket),
        ("connect-reserved-flag", MqttProtocolVersion.V311, Hex("10 0F 00 04 4D 51 54 54 04 03 00 3C 00 03 61 62 63"), MqttReasonCode.MalformedPacket),
        ("connect-will-qos-without-will", MqttProtocolVersion.V311, Hex("10 0F 00 04 4D 51 54 54 04 0A 00 3C 00 03 61 62 63"), MqttReasonCode.MalformedPacket),
        ("connect-level-3", MqttProtocolVersion.V311, Hex("10 0F 00 04 4D 51 54 54 03 02 00 3C 00 03 61 62 63"), MqttReasonCode.UnsupportedProtocolVersion),
        ("subscribe-no-filter", MqttProtocolVersion.V311, Hex("82 02 00 01"), MqttReasonCode.ProtocolError),
        ("subscribe-311-reserved-option", MqttProtocolVersion.V311, Hex("82 06 00 02 00 01 61 05"), MqttReasonCode.MalformedPacket),
        ("subscribe-5-retain-handling-3", MqttProtocolVersion.V500, Hex("82 07 00 02 00 00 01 61 30"), MqttReasonCode.ProtocolError),
        ("suback-311-bad-code", MqttProtocolVersion.V311, Hex("90 03 00 02 03"), MqttReasonCode.MalformedPacket),
        ("connack-reserved-ack-flag", MqttProtocolVersion.V311, Hex("20 02 02 00"), MqttReasonCode.MalformedPacket),
        ("property-duplicate", MqttProtocolVersion.V500, Hex("30 0C 00 03 61 2F 62 06 23 00 05 23 00 06"), MqttReasonCode.ProtocolError),
        ("property-not-allowed", MqttProtocolVersion.V500, Hex("30 0B 00 03 61 2F 62 05 11 00 00 00 01"), MqttReasonCode.MalformedPacket),
        ("property-block-overruns", MqttProtocolVersion.V500, Hex("30 08 00 03 61 2F 62 09 01 01"), MqttReasonCode.MalformedPacket),
        ("property-topic-alias-0", MqttProtocolVersion.V500, Hex("30 09 00 03 61 2F 62 03 23 00 00"), MqttReasonCode.TopicAliasInvalid),
        ("property-receive-maximum-0", MqttProtocolVersion.V500, Hex("20 06 00 00 03 21 00 00"), MqttReasonCode.ProtocolError),
        ("property-flag-2", MqttProtocolVersion.V500, Hex("30 08 00 03 61 2F 62 02 01 02"), MqttReasonCode.ProtocolError),
        ("puback-5-bad-reason", MqttProtocolVersion.V500, Hex("40 03 00 01 05"), MqttReasonCode.MalformedPacket),
    ];

    /// <summary>Frames and decodes one packet the way a session does; returns the first failure or success.</summary>
    public static MqttReasonCode Decode(ReadOnlySpan<byte> packet, MqttProtocolVersion version) => MqttPacketDecoder.TypeOf(packet) switch
    {
        MqttPacketType.Connect => MqttPacketDecoder.DecodeConnect(packet, out _),
        MqttPacketType.ConnAck => MqttPacketDecoder.DecodeConnAck(packet, version, out _),
        MqttPacketType.Publish => MqttPacketDecoder.DecodePublish(packet, version, out _),
        MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp
            => MqttPacketDecoder.DecodePublishAck(packet, version, out _),
        MqttPacketType.Subscribe => MqttPacketDecoder.DecodeSubscribe(packet, version, out _),
        MqttPacketType.Unsubscribe => MqttPacketDecoder.DecodeUnsubscribe(packet, version, out _),
        MqttPacketType.SubAck or MqttPacketType.UnsubAck => MqttPacketDecoder.DecodeSubAck(packet, version, out _),
        MqttPacketType.Disconnect or MqttPacketType.Auth => MqttPacketDecoder.DecodeDisconnect(packet, version, out _),
        _ => MqttPacketDecoder.DecodeEmpty(packet),
    };
}
