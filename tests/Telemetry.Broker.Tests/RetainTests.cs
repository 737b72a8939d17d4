using Telemetry.Broker.Tests.Support;

namespace Telemetry.Broker.Tests;

/// <summary>Retained messages (MQTT 3.1.1 §3.3.1.3, 5.0 §3.3.1.3) with mosquitto's own clients.</summary>
public sealed class RetainTests
{
    [Theory]
    [MemberData(nameof(Mosquitto.Versions), MemberType = typeof(Mosquitto))]
    public async Task A_new_subscriber_gets_the_last_retained_message_with_the_retain_flag(string version)
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync();

        Assert.Equal(0, (await Mosquitto.PubAsync(host.Port, version, "-t", "dm/rig01/pos", "-m", "first", "-r", "-q", "1")).ExitCode);
        Assert.Equal(0, (await Mosquitto.PubAsync(host.Port, version, "-t", "dm/rig01/pos", "-m", "second", "-r", "-q", "1")).ExitCode);
        var sub = await Mosquitto.SubAsync(host.Port, version, 1, 10, "-t", "dm/+/pos", "-F", "%r %t %p");

        Assert.Equal(0, sub.ExitCode);
        Assert.Equal("1 dm/rig01/pos second", sub.StdOut.Trim());
    }

    [Theory]
    [MemberData(nameof(Mosquitto.Versions), MemberType = typeof(Mosquitto))]
    public async Task An_empty_retained_publish_clears_the_topic(string version)
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync(o => o with { SysInterval = TimeSpan.Zero });
        await Mosquitto.PubAsync(host.Port, version, "-t", "a/b", "-m", "x", "-r");
        await Mosquitto.PubAsync(host.Port, version, "-t", "a/c", "-m", "y", "-r");
        Assert.Equal(2, host.Broker.RetainedCount);

        Assert.Equal(0, (await Mosquitto.PubAsync(host.Port, version, "-t", "a/b", "-n", "-r")).ExitCode);

        // Only a/c remains: the one message a subscriber to a/# receives is a/c.
        var sub = await Mosquitto.SubAsync(host.Port, version, 1, 10, "-t", "a/#", "-F", "%t %p");
        Assert.Equal("a/c y", sub.StdOut.Trim());
        Assert.Equal(1, host.Broker.RetainedCount);
    }

    [Theory]
    [MemberData(nameof(Mosquitto.Versions), MemberType = typeof(Mosquitto))]
    public async Task Live_messages_to_existing_subscribers_do_not_carry_the_retain_flag(string version)
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync();
        using var sub = await Mosquitto.StartSubscriberAsync(host.Port, version, () => host.Broker.SubscriptionCount == 1, "-t", "live/#", "-F", "%r %t %p");

        await Mosquitto.PubAsync(host.Port, version, "-t", "live/x", "-m", "now", "-r");
        await sub.WaitForLinesAsync(1, TimeSpan.FromSeconds(10));

        Assert.Equal("0 live/x now", sub.Lines[0]);
    }

    [Fact]
    public async Task Retain_as_published_keeps_the_flag_for_mqtt5()
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync();
        using var sub = await Mosquitto.StartSubscriberAsync(host.Port, "mqttv5", () => host.Broker.SubscriptionCount == 1, "-t", "rap/#", "--retain-as-published", "-F", "%r %t %p");

        await Mosquitto.PubAsync(host.Port, "mqttv5", "-t", "rap/x", "-m", "kept", "-r");
        await sub.WaitForLinesAsync(1, TimeSpan.FromSeconds(10));

        Assert.Equal("1 rap/x kept", sub.Lines[0]);
    }
}
