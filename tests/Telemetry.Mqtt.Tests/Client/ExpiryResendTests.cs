using System.Text;
using Telemetry.Mqtt.Packets;
using Telemetry.TestKit;

namespace Telemetry.Mqtt.Tests.Client;

/// <summary>
/// MQTT 5.0 §3.3.2.3.3 applied to the client's own session: a stored unacknowledged PUBLISH re-sent after a reconnect
/// carries its Message Expiry Interval minus the time it waited, and one whose interval ran out is not re-sent.
/// </summary>
public sealed class ExpiryResendTests
{
    [Fact]
    public async Task Resent_message_carries_reduced_expiry_and_an_expired_one_is_dropped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync();
        await using var proxy = new FaultProxy(broker.Port);
        using var receiver = new Receiver();
        await using var subscriber = new MqttClient(MosquittoClientTests.Options(broker.Port, MqttProtocolVersion.V500, "xsub", receiver));
        await subscriber.ConnectAsync(ct);
        await subscriber.SubscribeAsync([new MqttSubscriptionRequest("x/#", MqttQos.AtLeastOnce)], ct);

        await using var publisher = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = proxy.Port,
            ClientId = "xpub",
            SessionExpiryInterval = 300,
            KeepAlive = TimeSpan.FromSeconds(1),
            PingTimeout = TimeSpan.FromMilliseconds(500),
            ConnectTimeout = TimeSpan.FromSeconds(1),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        });
        await publisher.ConnectAsync(ct);

        // Nothing gets through from here on: both messages stay in the publisher's session store.
        proxy.GoHalfOpen();
        var longLived = publisher.PublishAsync(new MqttTopicName("x/long"), Encoding.UTF8.GetBytes("long"), MqttQos.AtLeastOnce,
            properties: new MqttPublishProperties { MessageExpiryInterval = 600 }, cancellationToken: ct).AsTask();
        var shortLived = publisher.PublishAsync(new MqttTopicName("x/short"), Encoding.UTF8.GetBytes("short"), MqttQos.AtLeastOnce,
            properties: new MqttPublishProperties { MessageExpiryInterval = 2 }, cancellationToken: ct).AsTask();

        // The stored messages age while the link is dead (the condition under test is elapsed time itself).
        await Task.Delay(TimeSpan.FromSeconds(4), ct);
        proxy.Heal();

        Assert.False(MqttReasonCodes.IsError(await longLived.WaitAsync(TimeSpan.FromSeconds(30), ct)));
        await Assert.ThrowsAsync<TimeoutException>(() => shortLived.WaitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.Equal(1, publisher.ExpiredCount);

        Assert.True(await receiver.WaitUntilAsync(m => m.Any(x => x.Topic == "x/long"), TimeSpan.FromSeconds(10)), "the long-lived message never arrived");
        var received = receiver.Messages.First(m => m.Topic == "x/long");
        Assert.NotNull(received.MessageExpiry);
        // At least the 4 s of waiting are gone; the broker may take off a little more on its side.
        Assert.InRange(received.MessageExpiry!.Value, 1u, 596u);

        // The expired message must never show up, even late: publish a marker after it and wait for that.
        await publisher.PublishAsync(new MqttTopicName("x/end"), "end"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: ct);
        Assert.True(await receiver.WaitUntilAsync(m => m.Any(x => x.Topic == "x/end"), TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(receiver.Messages, m => m.Topic == "x/short");
    }
}
