using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Broker.Tests;

/// <summary>
/// MQTT 5.0 Session Expiry Interval (§3.1.2.11.2) and Message Expiry Interval (§3.3.2.3.3). The broker's wall clock is a
/// test-controlled value, so nothing waits for real time.
/// </summary>
public sealed class ExpiryTests
{
    [Fact]
    public async Task A_session_is_kept_for_its_expiry_interval_then_forgotten()
    {
        long now = 1_800_000_000_000;
        await using var host = await BrokerHost.StartAsync(clock: () => Interlocked.Read(ref now));
        var (client, _, _, _) = await RawClient.ConnectAsync(host.Port, "c1", sessionExpiry: 60);
        await client.SubscribeAsync(1, "a", MqttQos.AtLeastOnce);
        await client.ReceiveAsync();
        client.Kill();
        await Wait.UntilAsync(() => host.Broker.Statistics.ClientsConnected == 0, TimeSpan.FromSeconds(10), "disconnect");

        Interlocked.Add(ref now, 59_000);
        var (back, _, present, _) = await RawClient.ConnectAsync(host.Port, "c1", cleanStart: false, sessionExpiry: 60);
        Assert.True(present);
        back.Kill();
        await Wait.UntilAsync(() => host.Broker.Statistics.ClientsConnected == 0, TimeSpan.FromSeconds(10), "disconnect");

        Interlocked.Add(ref now, 61_000);
        await Wait.UntilAsync(() => host.Broker.SessionCount == 0, TimeSpan.FromSeconds(10), "the session to expire");
        Assert.Equal(0, host.Broker.SubscriptionCount);
        var (last, _, presentAfter, _) = await RawClient.ConnectAsync(host.Port, "c1", cleanStart: false, sessionExpiry: 60);
        await using var _l = last;
        Assert.False(presentAfter);
    }

    [Fact]
    public async Task Session_expiry_zero_ends_the_session_with_the_connection()
    {
        await using var host = await BrokerHost.StartAsync();
        var (client, _, _, _) = await RawClient.ConnectAsync(host.Port, "c1", cleanStart: false);
        client.Kill();
        await Wait.UntilAsync(() => host.Broker.SessionCount == 0, TimeSpan.FromSeconds(10), "the session to end");
    }

    [Fact]
    public async Task Queued_messages_expire_and_survivors_carry_the_remaining_lifetime()
    {
        long now = 1_800_000_000_000;
        await using var host = await BrokerHost.StartAsync(clock: () => Interlocked.Read(ref now));
        var (sub, _, _, _) = await RawClient.ConnectAsync(host.Port, "sub", sessionExpiry: 3600);
        await sub.SubscribeAsync(1, "t", MqttQos.AtLeastOnce);
        await sub.ReceiveAsync();
        sub.Kill();
        await Wait.UntilAsync(() => host.Broker.Statistics.ClientsConnected == 0, TimeSpan.FromSeconds(10), "disconnect");

        var (pub, _, _, _) = await RawClient.ConnectAsync(host.Port, "pub");
        await using (pub)
        {
            await pub.PublishAsync("t", "short", MqttQos.AtLeastOnce, 1, messageExpiry: 10);
            await pub.ReceiveAsync();
            await pub.PublishAsync("t", "long", MqttQos.AtLeastOnce, 2, messageExpiry: 100);
            await pub.ReceiveAsync();
        }

        Interlocked.Add(ref now, 30_000);
        var (back, _, _, _) = await RawClient.ConnectAsync(host.Port, "sub", cleanStart: false, sessionExpiry: 3600);
        await using var _b = back;

        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(await back.ReceiveAsync(), MqttProtocolVersion.V500, out var p));
        Assert.Equal("long", RawClient.Text(p.Payload));
        Assert.Equal(70u, p.Properties.MessageExpiryInterval); // 100 s lifetime minus 30 s waited
        Assert.Equal(1, host.Broker.Statistics.MessagesExpired);
    }

    [Fact]
    public async Task An_expired_retained_message_is_not_sent_to_new_subscribers()
    {
        long now = 1_800_000_000_000;
        await using var host = await BrokerHost.StartAsync(o => o with { SysInterval = TimeSpan.Zero }, clock: () => Interlocked.Read(ref now));
        var (pub, _, _, _) = await RawClient.ConnectAsync(host.Port, "pub");
        await using var _p = pub;
        await pub.PublishAsync("r/old", "stale", MqttQos.AtLeastOnce, 1, retain: true, messageExpiry: 5);
        await pub.ReceiveAsync();
        await pub.PublishAsync("r/new", "fresh", MqttQos.AtLeastOnce, 2, retain: true);
        await pub.ReceiveAsync();

        Interlocked.Add(ref now, 6_000);
        var (sub, _, _, _) = await RawClient.ConnectAsync(host.Port, "sub");
        await using var _s = sub;
        await sub.SubscribeAsync(1, "r/#", MqttQos.AtLeastOnce);
        await sub.ReceiveAsync();

        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(await sub.ReceiveAsync(), MqttProtocolVersion.V500, out var p));
        Assert.Equal("fresh", RawClient.Text(p.Payload));
        Assert.Equal(1, host.Broker.RetainedCount);
    }
}
