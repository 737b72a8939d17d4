using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Broker.Tests;

/// <summary>Sessions, queued and in-flight QoS 1/2 messages and retained messages survive a broker restart.</summary>
public sealed class PersistenceTests
{
    [Theory]
    [MemberData(nameof(Mosquitto.Versions), MemberType = typeof(Mosquitto))]
    public async Task Queued_messages_and_retained_survive_a_restart(string version)
    {
        Mosquitto.RequireClients();
        using var dir = new TempDir();
        string[] persistent = version == "mqttv5" ? ["-i", "ops", "-c", "-x", "3600", "-q", "1"] : ["-i", "ops", "-c", "-q", "1"];
        int port;
        await using (var first = await BrokerHost.StartAsync(o => o with { PersistenceDirectory = dir.Path }, dir))
        {
            using (await Mosquitto.StartSubscriberAsync(first.Port, version, () => first.Broker.SubscriptionCount == 1, [.. persistent, "-t", "dm/#"]))
            {
            }

            await Wait.UntilAsync(() => first.Broker.Statistics.ClientsConnected == 0, TimeSpan.FromSeconds(10), "the subscriber to leave");
            for (var i = 1; i <= 3; i++)
            {
                await Mosquitto.PubAsync(first.Port, version, "-t", "dm/rig01/det", "-m", $"det{i}", "-q", "1");
            }

            await Mosquitto.PubAsync(first.Port, version, "-t", "dm/rig01/pos", "-m", "44.8,20.4", "-q", "1", "-r");
            port = first.Port;
        }

        await using var second = await BrokerHost.StartAsync(o => o with { PersistenceDirectory = dir.Path }, dir);
        Assert.Contains(second.Log, line => line.Contains("restored 1 sessions and 1 retained", StringComparison.Ordinal));

        var back = await Mosquitto.SubAsync(second.Port, version, 4, 10, [.. persistent, "-t", "dm/#"]);
        Assert.Equal(["det1", "det2", "det3", "44.8,20.4"], back.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var fresh = await Mosquitto.SubAsync(second.Port, version, 1, 10, "-t", "dm/+/pos", "-F", "%r %t %p");
        Assert.Equal("1 dm/rig01/pos 44.8,20.4", fresh.StdOut.Trim());
    }

    [Fact]
    public async Task In_flight_qos1_and_qos2_messages_are_resent_after_a_restart()
    {
        using var dir = new TempDir();
        ushort qos1Id;
        ushort qos2Id;
        await using (var first = await BrokerHost.StartAsync(o => o with { PersistenceDirectory = dir.Path }, dir))
        {
            var (sub, _, _, _) = await RawClient.ConnectAsync(first.Port, "sub", cleanStart: false, sessionExpiry: 3600);
            await sub.SubscribeAsync(1, "t/#", MqttQos.ExactlyOnce);
            await sub.ReceiveAsync();
            var (pub, _, _, _) = await RawClient.ConnectAsync(first.Port, "pub");
            await using (pub)
            {
                await pub.PublishAsync("t/1", "q1", MqttQos.AtLeastOnce, 1);
                await pub.ReceiveAsync();
                await pub.PublishAsync("t/2", "q2", MqttQos.ExactlyOnce, 2);
                await pub.ReceiveAsync();
                await pub.AckAsync(MqttPacketType.PubRel, 2);
                await pub.ReceiveAsync();
            }

            MqttPacketDecoder.DecodePublish(await sub.ReceiveAsync(), MqttProtocolVersion.V500, out var p1);
            qos1Id = p1.PacketId;
            MqttPacketDecoder.DecodePublish(await sub.ReceiveAsync(), MqttProtocolVersion.V500, out var p2);
            qos2Id = p2.PacketId;
            await sub.AckAsync(MqttPacketType.PubRec, qos2Id); // QoS 2 now awaits PUBCOMP; the QoS 1 is never acked
            Assert.Equal(MqttPacketType.PubRel, MqttPacketDecoder.TypeOf(await sub.ReceiveAsync()));
            sub.Kill();
            await Wait.UntilAsync(() => first.Broker.Statistics.ClientsConnected == 0, TimeSpan.FromSeconds(10), "disconnect");
        }

        await using var second = await BrokerHost.StartAsync(o => o with { PersistenceDirectory = dir.Path }, dir);
        var (again, _, present, _) = await RawClient.ConnectAsync(second.Port, "sub", cleanStart: false, sessionExpiry: 3600);
        await using var _a = again;
        Assert.True(present);

        // §4.4: the unacknowledged PUBLISH again with DUP, and PUBREL for the QoS 2 past PUBREC, in the original order.
        var resent = await again.ReceiveAsync();
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(resent, MqttProtocolVersion.V500, out var dup));
        Assert.True(dup.Dup);
        Assert.Equal(qos1Id, dup.PacketId);
        Assert.Equal("q1", RawClient.Text(dup.Payload));
        Qos2FlowTests.AssertAck(await again.ReceiveAsync(), MqttProtocolVersion.V500, MqttPacketType.PubRel, qos2Id);
    }
}
