using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt.Broker.Sessions;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Broker.Tests;

/// <summary>Clean and persistent sessions, offline queueing with a bound (MQTT 3.1.1 §3.1.2.4, 5.0 §4.1).</summary>
public sealed class SessionTests
{
    private static string[] PersistentArgs(string version, string id) =>
        version == "mqttv5" ? ["-i", id, "-c", "-x", "600", "-q", "1"] : ["-i", id, "-c", "-q", "1"];

    [Theory]
    [MemberData(nameof(Mosquitto.Versions), MemberType = typeof(Mosquitto))]
    public async Task A_persistent_session_receives_what_was_published_while_it_was_away(string version)
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync();
        // First visit: subscribe with a persistent session and leave.
        using (await Mosquitto.StartSubscriberAsync(host.Port, version, () => host.Broker.SubscriptionCount == 1, [.. PersistentArgs(version, "ops1"), "-t", "dm/#"]))
        {
        }

        await Wait.UntilAsync(() => host.Broker.Statistics.ClientsConnected == 0, TimeSpan.FromSeconds(10), "the subscriber to leave");
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(0, (await Mosquitto.PubAsync(host.Port, version, "-t", "dm/rig01/det", "-m", $"det{i}", "-q", "1")).ExitCode);
        }

        var back = await Mosquitto.SubAsync(host.Port, version, 3, 10, [.. PersistentArgs(version, "ops1"), "-t", "dm/#"]);

        Assert.Equal(0, back.ExitCode);
        Assert.Equal(["det1", "det2", "det3"], back.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Clean_start_discards_the_old_session_and_reports_no_session_present(MqttProtocolVersion version)
    {
        await using var host = await BrokerHost.StartAsync();
        uint? expiry = version == MqttProtocolVersion.V500 ? 600 : null;
        var (first, _, present1, _) = await RawClient.ConnectAsync(host.Port, "c1", version, cleanStart: false, sessionExpiry: expiry);
        Assert.False(present1);
        await first.SubscribeAsync(1, "x/#", MqttQos.AtLeastOnce);
        await first.ReceiveAsync(); // SUBACK
        first.Kill();
        await Wait.UntilAsync(() => host.Broker.Statistics.ClientsConnected == 0, TimeSpan.FromSeconds(10), "disconnect");

        var (second, _, present2, _) = await RawClient.ConnectAsync(host.Port, "c1", version, cleanStart: false, sessionExpiry: expiry);
        Assert.True(present2);
        await second.DisposeAsync();
        await Wait.UntilAsync(() => host.Broker.Statistics.ClientsConnected == 0, TimeSpan.FromSeconds(10), "disconnect");

        var (third, _, present3, _) = await RawClient.ConnectAsync(host.Port, "c1", version, cleanStart: true);
        await using (third)
        {
            Assert.False(present3);
            Assert.Equal(0, host.Broker.SubscriptionCount);
        }
    }

    [Theory]
    [InlineData(QueueOverflowPolicy.DropOldest, "m3 m4")]
    [InlineData(QueueOverflowPolicy.DropNewest, "m0 m1")]
    public async Task The_offline_queue_is_bounded_and_counts_what_it_drops(QueueOverflowPolicy policy, string expected)
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync(o => o with { MaxQueuedMessages = 2, QueueOverflowPolicy = policy });
        using (await Mosquitto.StartSubscriberAsync(host.Port, "mqttv311", () => host.Broker.SubscriptionCount == 1, [.. PersistentArgs("mqttv311", "slow"), "-t", "q"]))
        {
        }

        await Wait.UntilAsync(() => host.Broker.Statistics.ClientsConnected == 0, TimeSpan.FromSeconds(10), "the subscriber to leave");
        for (var i = 0; i < 5; i++)
        {
            await Mosquitto.PubAsync(host.Port, "mqttv311", "-t", "q", "-m", $"m{i}", "-q", "1");
        }

        var back = await Mosquitto.SubAsync(host.Port, "mqttv311", 2, 10, [.. PersistentArgs("mqttv311", "slow"), "-t", "q"]);

        Assert.Equal(expected, string.Join(' ', back.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(3, host.Broker.Statistics.MessagesDropped);
    }

    [Fact]
    public async Task Unacknowledged_messages_are_resent_with_dup_after_reconnect_in_order()
    {
        await using var host = await BrokerHost.StartAsync();
        var (sub, _, _, _) = await RawClient.ConnectAsync(host.Port, "sub", cleanStart: false, sessionExpiry: 600);
        await sub.SubscribeAsync(1, "t", MqttQos.AtLeastOnce);
        await sub.ReceiveAsync();
        var (pub, _, _, _) = await RawClient.ConnectAsync(host.Port, "pub");
        await using (pub)
        {
            await pub.PublishAsync("t", "a", MqttQos.AtLeastOnce, 1);
            await pub.PublishAsync("t", "b", MqttQos.AtLeastOnce, 2);
            await pub.ReceiveAsync();
            await pub.ReceiveAsync();
        }

        var first = await sub.ReceiveAsync();
        var second = await sub.ReceiveAsync();
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(first, MqttProtocolVersion.V500, out var p1));
        var id1 = p1.PacketId;
        Assert.False(p1.Dup);
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(second, MqttProtocolVersion.V500, out var p2));
        var id2 = p2.PacketId;
        sub.Kill(); // never acknowledged

        await Wait.UntilAsync(() => host.Broker.Statistics.ClientsConnected == 0, TimeSpan.FromSeconds(10), "disconnect");
        var (again, _, present, _) = await RawClient.ConnectAsync(host.Port, "sub", cleanStart: false, sessionExpiry: 600);
        await using (again)
        {
            Assert.True(present);
            var r1 = await again.ReceiveAsync();
            var r2 = await again.ReceiveAsync();
            Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(r1, MqttProtocolVersion.V500, out var d1));
            Assert.True(d1.Dup);
            Assert.Equal(id1, d1.PacketId);
            Assert.Equal("a", RawClient.Text(d1.Payload));
            Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(r2, MqttProtocolVersion.V500, out var d2));
            Assert.Equal(id2, d2.PacketId);
            Assert.Equal("b", RawClient.Text(d2.Payload));
        }
    }
}
