using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Broker.Tests;

/// <summary>MQTT 5.0 Topic Alias (§3.3.2.3.4): set with a topic, used with an empty one, bounded by our maximum.</summary>
public sealed class TopicAliasTests
{
    [Fact]
    public async Task An_alias_set_once_stands_for_its_topic_afterwards()
    {
        await using var host = await BrokerHost.StartAsync();
        var (sub, _, _, _) = await RawClient.ConnectAsync(host.Port, "sub");
        await using var _s = sub;
        await sub.SubscribeAsync(1, "dm/#", MqttQos.AtMostOnce);
        await sub.ReceiveAsync();
        var (pub, _, _, connAck) = await RawClient.ConnectAsync(host.Port, "pub");
        await using var _p = pub;
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeConnAck(connAck, MqttProtocolVersion.V500, out var ack));
        Assert.Equal(host.Options.TopicAliasMaximum, ack.Properties.TopicAliasMaximum);

        await pub.PublishAsync("dm/rig01/det", "one", topicAlias: 3);
        await pub.PublishAsync(string.Empty, "two", topicAlias: 3);
        await pub.PublishAsync("dm/rig02/det", "three", topicAlias: 3); // re-pointed
        await pub.PublishAsync(string.Empty, "four", topicAlias: 3);

        string[] expected = ["dm/rig01/det one", "dm/rig01/det two", "dm/rig02/det three", "dm/rig02/det four"];
        foreach (var line in expected)
        {
            Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(await sub.ReceiveAsync(), MqttProtocolVersion.V500, out var p));
            Assert.Equal(line, $"{RawClient.Text(p.Topic)} {RawClient.Text(p.Payload)}");
        }
    }

    [Theory]
    [InlineData(65, "t", MqttReasonCode.TopicAliasInvalid)] // above our maximum of 64
    [InlineData(5, "", MqttReasonCode.ProtocolError)] // never set
    public async Task A_bad_alias_closes_the_connection_with_a_reason(int alias, string topic, MqttReasonCode reason)
    {
        await using var host = await BrokerHost.StartAsync();
        var (pub, _, _, _) = await RawClient.ConnectAsync(host.Port, "pub");
        await using var _p = pub;

        await pub.PublishAsync(topic, "x", topicAlias: (ushort)alias);
        var packets = await pub.DrainUntilClosedAsync(TimeSpan.FromSeconds(10));

        var disconnect = Assert.Single(packets);
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeDisconnect(disconnect, MqttProtocolVersion.V500, out var d));
        Assert.Equal(reason, d.ReasonCode);
    }

    [Fact]
    public async Task Our_client_with_topic_aliases_on_delivers_every_message_to_mosquitto_sub()
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync();
        using var sub = await Mosquitto.StartSubscriberAsync(host.Port, "mqttv5", () => host.Broker.SubscriptionCount == 1, "-t", "dm/#", "-q", "1", "-F", "%t %p");
        await using var client = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", Port = host.Port, ClientId = "ours", UseTopicAliases = true });
        await client.ConnectAsync(TestContext.Current.CancellationToken);
        var topic = new MqttTopicName("dm/rig01/det");

        for (var i = 0; i < 20; i++)
        {
            var rc = await client.PublishAsync(topic, System.Text.Encoding.UTF8.GetBytes($"d{i}"), MqttQos.AtLeastOnce, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(MqttReasonCode.Success, rc);
        }

        await sub.WaitForLinesAsync(20, TimeSpan.FromSeconds(15));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"dm/rig01/det d{i}"), sub.Lines);
    }
}
