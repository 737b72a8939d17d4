using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Broker.Tests;

/// <summary>QoS 2 exactly-once flow (MQTT 3.1.1 §4.3.3, 5.0 §4.3.3): PUBLISH → PUBREC → PUBREL → PUBCOMP, both directions.</summary>
public sealed class Qos2FlowTests
{
    [Theory]
    [MemberData(nameof(Mosquitto.Versions), MemberType = typeof(Mosquitto))]
    public async Task Mosquitto_clients_exchange_qos2_messages_exactly_once(string version)
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync();
        using var sub = await Mosquitto.StartSubscriberAsync(host.Port, version, () => host.Broker.SubscriptionCount == 1, "-t", "q2/#", "-q", "2");
        var lines = string.Join('\n', Enumerable.Range(1, 50).Select(i => $"msg{i}"));

        var pub = await ExternalTool.RunAsync(ExternalTool.MosquittoPub, ["-h", "127.0.0.1", "-p", host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", version, "-t", "q2/x", "-q", "2", "-l"], TimeSpan.FromSeconds(30), lines + "\n");

        Assert.Equal(0, pub.ExitCode);
        await sub.WaitForLinesAsync(50, TimeSpan.FromSeconds(20));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"msg{i}"), sub.Lines);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task A_resent_qos2_publish_is_routed_once_and_every_step_is_answered(MqttProtocolVersion version)
    {
        await using var host = await BrokerHost.StartAsync();
        var (sub, _, _, _) = await RawClient.ConnectAsync(host.Port, "sub", version);
        await using var _s = sub;
        await sub.SubscribeAsync(1, "t", MqttQos.ExactlyOnce);
        Assert.Equal(MqttPacketType.SubAck, MqttPacketDecoder.TypeOf(await sub.ReceiveAsync()));
        var (pub, _, _, _) = await RawClient.ConnectAsync(host.Port, "pub", version);
        await using var _p = pub;

        // Publisher side: PUBLISH id 7, PUBREC; the same PUBLISH again with DUP (lost PUBREC), PUBREC again; PUBREL, PUBCOMP.
        await pub.PublishAsync("t", "once", MqttQos.ExactlyOnce, 7);
        AssertAck(await pub.ReceiveAsync(), version, MqttPacketType.PubRec, 7);
        await pub.PublishAsync("t", "once", MqttQos.ExactlyOnce, 7, dup: true);
        AssertAck(await pub.ReceiveAsync(), version, MqttPacketType.PubRec, 7);
        await pub.AckAsync(MqttPacketType.PubRel, 7);
        AssertAck(await pub.ReceiveAsync(), version, MqttPacketType.PubComp, 7);

        // Subscriber side: exactly one PUBLISH at QoS 2; PUBREC → PUBREL from the broker → PUBCOMP.
        var publish = await sub.ReceiveAsync();
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(publish, version, out var p));
        Assert.Equal(MqttQos.ExactlyOnce, p.Qos);
        Assert.Equal("once", RawClient.Text(p.Payload));
        var id = p.PacketId;
        await sub.AckAsync(MqttPacketType.PubRec, id);
        AssertAck(await sub.ReceiveAsync(), version, MqttPacketType.PubRel, id);
        await sub.AckAsync(MqttPacketType.PubComp, id);

        // Nothing else arrives: the duplicate was not routed a second time.
        await pub.PublishAsync("t", "marker", MqttQos.AtMostOnce);
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(await sub.ReceiveAsync(), version, out var marker));
        Assert.Equal("marker", RawClient.Text(marker.Payload));
        Assert.Equal(0, host.Broker.Core.SessionCount - 2);
    }

    [Fact]
    public async Task Pubrel_for_an_unknown_id_gets_pubcomp_0x92_in_mqtt5()
    {
        await using var host = await BrokerHost.StartAsync();
        var (client, _, _, _) = await RawClient.ConnectAsync(host.Port, "c");
        await using var _c = client;
        await client.AckAsync(MqttPacketType.PubRel, 99);
        var comp = await client.ReceiveAsync();
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublishAck(comp, MqttProtocolVersion.V500, out var ack));
        Assert.Equal(MqttPacketType.PubComp, ack.Type);
        Assert.Equal(MqttReasonCode.PacketIdentifierNotFound, ack.ReasonCode);
    }

    internal static void AssertAck(byte[] packet, MqttProtocolVersion version, MqttPacketType type, ushort id, MqttReasonCode reason = MqttReasonCode.Success)
    {
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublishAck(packet, version, out var ack));
        Assert.Equal(type, ack.Type);
        Assert.Equal(id, ack.PacketId);
        Assert.Equal(reason, ack.ReasonCode);
    }
}
