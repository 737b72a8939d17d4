using System.Text;
using Telemetry.Mqtt.Packets;
using Telemetry.TestKit;

namespace Telemetry.Mqtt.Tests.Client;

public sealed class MosquittoClientTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public static TheoryData<MqttProtocolVersion> Versions() => [MqttProtocolVersion.V311, MqttProtocolVersion.V500];

    internal static MqttClientOptions Options(int port, MqttProtocolVersion version, string id, Receiver? receiver = null) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        ProtocolVersion = version,
        ClientId = id,
        MessageHandler = receiver is null ? null : receiver.Handle,
        KeepAlive = TimeSpan.FromSeconds(10),
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Publishes_at_every_qos_arrive_in_order_through_a_wildcard(MqttProtocolVersion version)
    {
        await using var broker = await MosquittoServer.StartAsync();
        var receiver = new Receiver();
        await using var subscriber = new MqttClient(Options(broker.Port, version, "sub", receiver));
        await subscriber.ConnectAsync(TestContext.Current.CancellationToken);
        var granted = await subscriber.SubscribeAsync([new MqttSubscriptionRequest("dm/+/det/#", MqttQos.ExactlyOnce)], TestContext.Current.CancellationToken);
        Assert.Equal([MqttReasonCode.GrantedQos2], granted);

        await using var publisher = new MqttClient(Options(broker.Port, version, "pub"));
        await publisher.ConnectAsync(TestContext.Current.CancellationToken);
        var topic = new MqttTopicName("dm/gw01/det/md1");
        var pending = new List<Task<MqttReasonCode>>();
        for (var i = 0; i < 300; i++)
        {
            pending.Add(publisher.PublishAsync(topic, Encoding.UTF8.GetBytes($"m{i}"), (MqttQos)(i % 3), cancellationToken: TestContext.Current.CancellationToken).AsTask());
        }

        foreach (var p in pending)
        {
            Assert.False(MqttReasonCodes.IsError(await p));
        }

        Assert.True(await receiver.WaitForCountAsync(300, Wait), $"received {receiver.Messages.Count}/300");
        // MQTT orders messages per QoS level only (§4.6): a QoS 2 message is released after PUBREL, so lower QoS may overtake it.
        for (var qos = 0; qos < 3; qos++)
        {
            Assert.Equal(
                Enumerable.Range(0, 300).Where(i => i % 3 == qos).Select(i => $"m{i}"),
                receiver.Messages.Where(m => int.Parse(m.Payload[1..], System.Globalization.CultureInfo.InvariantCulture) % 3 == qos).Select(m => m.Payload));
        }

        Assert.All(receiver.Messages, m => Assert.Equal("dm/gw01/det/md1", m.Topic));
        Assert.Equal(0, publisher.InFlight);
    }

    [Fact]
    public async Task Mqtt5_properties_and_topic_aliases_reach_the_subscriber()
    {
        await using var broker = await MosquittoServer.StartAsync();
        var receiver = new Receiver();
        await using var subscriber = new MqttClient(Options(broker.Port, MqttProtocolVersion.V500, "sub5", receiver));
        await subscriber.ConnectAsync(TestContext.Current.CancellationToken);
        await subscriber.SubscribeAsync([new MqttSubscriptionRequest("a/#", MqttQos.AtLeastOnce)], TestContext.Current.CancellationToken);

        await using var publisher = new MqttClient(Options(broker.Port, MqttProtocolVersion.V500, "pub5"));
        await publisher.ConnectAsync(TestContext.Current.CancellationToken);
        Assert.True(publisher.ConnectionInfo!.TopicAliasMaximum > 0, "mosquitto offers topic aliases to 5.0 clients");
        var properties = new MqttPublishProperties
        {
            PayloadIsUtf8 = true,
            ContentType = "application/json",
            ResponseTopic = new MqttTopicName("a/reply"),
            CorrelationData = new byte[] { 1, 2, 3 },
            MessageExpiryInterval = 600,
            UserProperties = [new("rig", "gw01"), new("unit", "cm")],
        };
        var topics = new[] { new MqttTopicName("a/one"), new MqttTopicName("a/two") };
        for (var i = 0; i < 10; i++)
        {
            // The second use of each topic goes out as alias only; the broker must still see the right topic.
            var code = await publisher.PublishAsync(topics[i % 2], Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), MqttQos.AtLeastOnce,
                properties: properties, cancellationToken: TestContext.Current.CancellationToken);
            Assert.False(MqttReasonCodes.IsError(code));
        }

        Assert.True(await receiver.WaitForCountAsync(10, Wait));
        var all = receiver.Messages.ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? "a/one" : "a/two"), all.Select(m => m.Topic));
        Assert.All(all, m =>
        {
            Assert.Equal("application/json", m.ContentType);
            Assert.Equal("a/reply", m.ResponseTopic);
            Assert.Equal([1, 2, 3], m.CorrelationData);
            Assert.NotNull(m.MessageExpiry);
            Assert.Equal([new("rig", "gw01"), new("unit", "cm")], m.UserProperties);
        });
    }

    [Fact]
    public async Task No_local_subscription_does_not_echo_own_messages()
    {
        await using var broker = await MosquittoServer.StartAsync();
        var receiver = new Receiver();
        await using var client = new MqttClient(Options(broker.Port, MqttProtocolVersion.V500, "self", receiver));
        await client.ConnectAsync(TestContext.Current.CancellationToken);
        await client.SubscribeAsync([new MqttSubscriptionRequest("loop/#", MqttQos.AtLeastOnce) { NoLocal = true }], TestContext.Current.CancellationToken);
        await client.SubscribeAsync([new MqttSubscriptionRequest("mark", MqttQos.AtLeastOnce)], TestContext.Current.CancellationToken);
        await client.PublishAsync("loop/x", "own"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: TestContext.Current.CancellationToken);
        // "mark" is not no-local: its arrival proves the echo of "loop/x" had its chance to arrive first.
        await client.PublishAsync("mark", "m"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(await receiver.WaitForCountAsync(1, Wait));
        Assert.Equal(["mark"], receiver.Messages.Select(m => m.Topic));
    }

    [Fact]
    public async Task Retain_handling_do_not_send_skips_retained_messages()
    {
        await using var broker = await MosquittoServer.StartAsync();
        await using var publisher = new MqttClient(Options(broker.Port, MqttProtocolVersion.V500, "retainer"));
        await publisher.ConnectAsync(TestContext.Current.CancellationToken);
        await publisher.PublishAsync("r/1", "kept"u8.ToArray(), MqttQos.AtLeastOnce, retain: true, cancellationToken: TestContext.Current.CancellationToken);

        var withRetained = new Receiver();
        await using var a = new MqttClient(Options(broker.Port, MqttProtocolVersion.V500, "ra", withRetained));
        await a.ConnectAsync(TestContext.Current.CancellationToken);
        await a.SubscribeAsync([new MqttSubscriptionRequest("r/#", MqttQos.AtLeastOnce)], TestContext.Current.CancellationToken);
        Assert.True(await withRetained.WaitForCountAsync(1, Wait));
        Assert.True(withRetained.Messages.Single().Retain);

        var without = new Receiver();
        await using var b = new MqttClient(Options(broker.Port, MqttProtocolVersion.V500, "rb", without));
        await b.ConnectAsync(TestContext.Current.CancellationToken);
        await b.SubscribeAsync([new MqttSubscriptionRequest("r/#", MqttQos.AtLeastOnce) { RetainHandling = MqttRetainHandling.DoNotSend }], TestContext.Current.CancellationToken);
        await publisher.PublishAsync("r/2", "live"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(await without.WaitForCountAsync(1, Wait));
        Assert.Equal(["live"], without.Messages.Select(m => m.Payload));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Persistent_session_keeps_messages_while_the_subscriber_is_away(MqttProtocolVersion version)
    {
        await using var broker = await MosquittoServer.StartAsync();
        var options = Options(broker.Port, version, "durable", new Receiver()) with { CleanStart = false, SessionExpiryInterval = 300 };
        await using (var first = new MqttClient(options))
        {
            await first.ConnectAsync(TestContext.Current.CancellationToken);
            await first.SubscribeAsync([new MqttSubscriptionRequest("s/#", MqttQos.AtLeastOnce)], TestContext.Current.CancellationToken);
            await first.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
        }

        await using var publisher = new MqttClient(Options(broker.Port, version, "p"));
        await publisher.ConnectAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 5; i++)
        {
            await publisher.PublishAsync("s/x", Encoding.UTF8.GetBytes($"{i}"), MqttQos.AtLeastOnce, cancellationToken: TestContext.Current.CancellationToken);
        }

        var receiver = new Receiver();
        await using var second = new MqttClient(options with { MessageHandler = receiver.Handle });
        await second.ConnectAsync(TestContext.Current.CancellationToken);
        Assert.True(second.ConnectionInfo!.SessionPresent);
        Assert.True(await receiver.WaitForCountAsync(5, Wait));
        Assert.Equal(["0", "1", "2", "3", "4"], receiver.Messages.Select(m => m.Payload));
    }
}
