using Telemetry.Mqtt.Packets;
using Telemetry.TestKit;

namespace Telemetry.Mqtt.Tests.Client;

public sealed class ResubscribeTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Subscriptions_are_renewed_when_the_server_lost_the_session(MqttProtocolVersion version)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync();
        await using var proxy = new FaultProxy(broker.Port);
        using var receiver = new Receiver();
        var reconnected = new TaskCompletionSource<MqttConnectedInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Clean session and no session expiry: after the drop the broker remembers nothing about us.
        await using var subscriber = new MqttClient(MosquittoClientTests.Options(proxy.Port, version, "forgetful", receiver) with
        {
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        });
        await subscriber.ConnectAsync(ct);
        subscriber.Connected += info => reconnected.TrySetResult(info);
        await subscriber.SubscribeAsync([new MqttSubscriptionRequest("re/#", MqttQos.AtLeastOnce)], ct);

        proxy.DropAll();
        var info = await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
        Assert.False(info.SessionPresent);

        await using var publisher = new MqttClient(MosquittoClientTests.Options(broker.Port, version, "pub-re"));
        await publisher.ConnectAsync(ct);
        // The renewed SUBSCRIBE may still be in flight: publish until one arrives.
        var arrived = false;
        for (var i = 0; i < 100 && !arrived; i++)
        {
            await publisher.PublishAsync("re/x", "back"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: ct);
            arrived = await receiver.WaitForCountAsync(1, TimeSpan.FromMilliseconds(200));
        }

        Assert.True(arrived, "no message after reconnect: the subscription was not renewed");
        Assert.Equal("re/x", receiver.Messages.First().Topic);
    }
}
