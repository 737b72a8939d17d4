using System.Text;
using Telemetry.Mqtt.Packets;
using Telemetry.TestKit;

namespace Telemetry.Mqtt.Tests.Client;

/// <summary>nats-server's MQTT listener speaks 3.1.1 (QoS 0 and 1 in the installed 2.9).</summary>
public sealed class NatsServerTests
{
    [Fact]
    public async Task Qos0_and_qos1_round_trip_through_nats_mqtt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var nats = await NatsServer.StartAsync();
        using var receiver = new Receiver();
        await using var subscriber = new MqttClient(MosquittoClientTests.Options(nats.MqttPort, MqttProtocolVersion.V311, "nsub", receiver));
        await subscriber.ConnectAsync(ct);
        var granted = await subscriber.SubscribeAsync([new MqttSubscriptionRequest("dm/+/det", MqttQos.AtLeastOnce)], ct);
        Assert.Equal([MqttReasonCode.GrantedQos1], granted);

        await using var publisher = new MqttClient(MosquittoClientTests.Options(nats.MqttPort, MqttProtocolVersion.V311, "npub"));
        await publisher.ConnectAsync(ct);
        var topic = new MqttTopicName("dm/gw01/det");
        for (var i = 0; i < 50; i++)
        {
            var code = await publisher.PublishAsync(topic, Encoding.UTF8.GetBytes($"{i}"), (MqttQos)(i % 2), cancellationToken: ct);
            Assert.Equal(MqttReasonCode.Success, code);
        }

        Assert.True(await receiver.WaitForCountAsync(50, TimeSpan.FromSeconds(20)), $"got {receiver.Messages.Count}/50\n{nats.Log}");
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"{i}").Order(), receiver.Messages.Select(m => m.Payload).Order());
    }
}
