using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Broker.Tests;

/// <summary>Last Will (MQTT 3.1.1 §3.1.2.5, 5.0 §3.1.2.5 and §3.1.3.2.2 Will Delay Interval).</summary>
public sealed class WillTests
{
    public static readonly TheoryData<string, MqttProtocolVersion> Versions = new()
    {
        { "mqttv311", MqttProtocolVersion.V311 },
        { "mqttv5", MqttProtocolVersion.V500 },
    };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task A_lost_connection_publishes_the_will(string cliVersion, MqttProtocolVersion version)
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync();
        using var sub = await Mosquitto.StartSubscriberAsync(host.Port, cliVersion, () => host.Broker.SubscriptionCount == 1, "-t", "status/#", "-F", "%t %p");
        var (rig, _, _, _) = await RawClient.ConnectAsync(host.Port, "rig01", version, willTopic: "status/rig01", willPayload: "offline");

        rig.Kill(); // no DISCONNECT: the link just dies

        await sub.WaitForLinesAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal("status/rig01 offline", sub.Lines[0]);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task A_normal_disconnect_discards_the_will(string cliVersion, MqttProtocolVersion version)
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync();
        using var sub = await Mosquitto.StartSubscriberAsync(host.Port, cliVersion, () => host.Broker.SubscriptionCount == 1, "-t", "status/#", "-F", "%t %p");
        var (rig, _, _, _) = await RawClient.ConnectAsync(host.Port, "rig01", version, willTopic: "status/rig01", willPayload: "offline");

        await rig.SendAsync(w => MqttPacketWriter.WriteDisconnect(w, version, new MqttDisconnect { Type = MqttPacketType.Disconnect }));
        Assert.Null(await rig.TryReceiveAsync(TimeSpan.FromSeconds(10))); // the broker closes
        await Mosquitto.PubAsync(host.Port, cliVersion, "-t", "status/marker", "-m", "after");

        await sub.WaitForLinesAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal(["status/marker after"], sub.Lines);
    }

    [Fact]
    public async Task A_delayed_will_is_published_after_the_delay()
    {
        Mosquitto.RequireClients();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var host = await BrokerHost.StartAsync(clock: () => Interlocked.Read(ref now));
        using var sub = await Mosquitto.StartSubscriberAsync(host.Port, "mqttv5", () => host.Broker.SubscriptionCount == 1, "-t", "status/#", "-F", "%t %p");
        var (rig, _, _, _) = await RawClient.ConnectAsync(host.Port, "rig01", sessionExpiry: 300, willTopic: "status/rig01", willPayload: "gone", willDelay: 30);

        rig.Kill();
        await Wait.UntilAsync(() => host.Broker.Statistics.ClientsConnected == 1, TimeSpan.FromSeconds(10), "the rig's connection to drop");

        // Held back while the delay runs (the broker's clock has not moved)...
        await Mosquitto.PubAsync(host.Port, "mqttv5", "-t", "status/marker", "-m", "m");
        await sub.WaitForLinesAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal(["status/marker m"], sub.Lines);

        // ...and published once 30 s have passed.
        Interlocked.Add(ref now, 31_000);
        await sub.WaitForLinesAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal("status/rig01 gone", sub.Lines[1]);
    }

    [Fact]
    public async Task Reconnecting_within_the_will_delay_cancels_the_will()
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync();
        using var sub = await Mosquitto.StartSubscriberAsync(host.Port, "mqttv5", () => host.Broker.SubscriptionCount == 1, "-t", "status/#", "-F", "%t %p");
        var (rig, _, _, _) = await RawClient.ConnectAsync(host.Port, "rig01", sessionExpiry: 300, willTopic: "status/rig01", willPayload: "gone", willDelay: 3600);
        rig.Kill();
        await Wait.UntilAsync(() => host.Broker.Statistics.ClientsConnected == 1, TimeSpan.FromSeconds(10), "the rig's connection to drop");

        var (again, _, present, _) = await RawClient.ConnectAsync(host.Port, "rig01", cleanStart: false, sessionExpiry: 300);
        await using (again)
        {
            Assert.True(present);
            await Mosquitto.PubAsync(host.Port, "mqttv5", "-t", "status/marker", "-m", "after");
            await sub.WaitForLinesAsync(1, TimeSpan.FromSeconds(10));
            Assert.Equal(["status/marker after"], sub.Lines);
        }
    }
}
