using System.Buffers;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt.Tests.Codec;

public sealed class RoundTripTests
{
    public static TheoryData<string> ValidNames() => new(CodecVectors.Valid.Select(v => v.Name));

    /// <summary>Decoding a spec vector and encoding the view again gives back the spec bytes.</summary>
    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Decoded_vector_re_encodes_to_the_same_bytes(string name)
    {
        var (_, version, bytes) = CodecVectors.Valid.Single(v => v.Name == name);
        var output = new ArrayBufferWriter<byte>();
        var written = ReEncode(bytes, version, output);
        Assert.Equal(written, output.WrittenCount);
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(output.WrittenSpan));
    }

    [Fact]
    public void Publish_fields_match_the_vector()
    {
        var bytes = CodecVectors.Valid.Single(v => v.Name == "publish-5-user").Bytes;
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(bytes, MqttProtocolVersion.V500, out var p));
        Assert.True(p.Dup);
        Assert.Equal(MqttQos.ExactlyOnce, p.Qos);
        Assert.False(p.Retain);
        Assert.Equal("a/b"u8, p.Topic);
        Assert.Equal(7, p.PacketId);
        Assert.True(p.Payload.IsEmpty);
        var count = 0;
        foreach (var up in p.Properties.EnumerateUserProperties())
        {
            Assert.Equal("k"u8, up.Name);
            Assert.Equal("v"u8, up.Value);
            count++;
        }

        Assert.Equal(1, count);
    }

    [Fact]
    public void Connect_with_will_and_credentials_fields_match_the_vector()
    {
        var bytes = CodecVectors.Valid.Single(v => v.Name == "connect-311-will-auth").Bytes;
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeConnect(bytes, out var c));
        Assert.Equal(MqttProtocolVersion.V311, c.ProtocolVersion);
        Assert.True(c.CleanStart);
        Assert.Equal(10, c.KeepAlive);
        Assert.Equal("c"u8, c.ClientId);
        Assert.True(c.HasWill);
        Assert.Equal(MqttQos.AtLeastOnce, c.WillQos);
        Assert.True(c.WillRetain);
        Assert.Equal("w"u8, c.WillTopic);
        Assert.Equal("z"u8, c.WillPayload);
        Assert.Equal("u"u8, c.UserName);
        Assert.Equal("p"u8, c.Password);

        var v5 = CodecVectors.Valid.Single(v => v.Name == "connect-5-will").Bytes;
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeConnect(v5, out var c5));
        Assert.Equal(30u, c5.WillProperties.WillDelayInterval);
    }

    [Fact]
    public void Subscribe_options_match_the_vector()
    {
        var bytes = CodecVectors.Valid.Single(v => v.Name == "subscribe-5").Bytes;
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeSubscribe(bytes, MqttProtocolVersion.V500, out var s));
        Assert.Equal(7, s.Properties.SubscriptionIdentifier);
        var n = 0;
        foreach (var sub in s)
        {
            Assert.Equal("a/#"u8, sub.Filter);
            Assert.Equal(MqttQos.ExactlyOnce, sub.Qos);
            Assert.True(sub.NoLocal);
            Assert.True(sub.RetainAsPublished);
            Assert.Equal(MqttRetainHandling.DoNotSend, sub.RetainHandling);
            n++;
        }

        Assert.Equal(1, n);
    }

    [Fact]
    public void Connack_v311_return_code_maps_to_reason()
    {
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeConnAck(CodecVectors.Hex("20 02 00 05"), MqttProtocolVersion.V311, out var a));
        Assert.Equal(MqttReasonCode.NotAuthorized, a.ReasonCode);
    }

    private static int ReEncode(byte[] bytes, MqttProtocolVersion version, ArrayBufferWriter<byte> output)
    {
        switch (MqttPacketDecoder.TypeOf(bytes))
        {
            case MqttPacketType.Connect:
                Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeConnect(bytes, out var connect));
                return MqttPacketWriter.WriteConnect(output, connect);
            case MqttPacketType.ConnAck:
                Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeConnAck(bytes, version, out var connAck));
                return MqttPacketWriter.WriteConnAck(output, version, connAck);
            case MqttPacketType.Publish:
                Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(bytes, version, out var publish));
                return MqttPacketWriter.WritePublish(output, version, publish);
            case MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp:
                Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublishAck(bytes, version, out var ack));
                return MqttPacketWriter.WritePublishAck(output, version, ack);
            case MqttPacketType.Subscribe:
                Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeSubscribe(bytes, version, out var sub));
                return MqttPacketWriter.WriteSubscribe(output, version, sub);
            case MqttPacketType.Unsubscribe:
                Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeUnsubscribe(bytes, version, out var unsub));
                return MqttPacketWriter.WriteUnsubscribe(output, version, unsub);
            case MqttPacketType.SubAck or MqttPacketType.UnsubAck:
                Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeSubAck(bytes, version, out var subAck));
                return MqttPacketWriter.WriteSubAck(output, version, subAck);
            case MqttPacketType.Disconnect or MqttPacketType.Auth:
                Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeDisconnect(bytes, version, out var d));
                return MqttPacketWriter.WriteDisconnect(output, version, d);
            case MqttPacketType.PingReq:
                return MqttPacketWriter.WritePingReq(output);
            default:
                return MqttPacketWriter.WritePingResp(output);
        }
    }
}
