using Telemetry.Broker.Tests.Support;

namespace Telemetry.Broker.Tests;

/// <summary>$share/group/filter over the wire with mosquitto clients (MQTT 5.0 §4.8.2).</summary>
public sealed class SharedSubscriptionTests
{
    [Fact]
    public async Task Members_of_a_group_split_the_messages_and_a_plain_subscriber_gets_all()
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync();
        using var w1 = await Mosquitto.StartSubscriberAsync(host.Port, "mqttv5", () => host.Broker.SubscriptionCount == 1, "-t", "$share/workers/jobs/#", "-q", "1");
        using var w2 = await Mosquitto.StartSubscriberAsync(host.Port, "mqttv5", () => host.Broker.SubscriptionCount == 2, "-t", "$share/workers/jobs/#", "-q", "1");
        using var all = await Mosquitto.StartSubscriberAsync(host.Port, "mqttv5", () => host.Broker.SubscriptionCount == 3, "-t", "jobs/#", "-q", "1");
        var input = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"job{i}")) + "\n";

        var pub = await ExternalTool.RunAsync(ExternalTool.MosquittoPub, ["-h", "127.0.0.1", "-p", host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", "mqttv5", "-t", "jobs/x", "-q", "1", "-l"], TimeSpan.FromSeconds(30), input);

        Assert.Equal(0, pub.ExitCode);
        await all.WaitForLinesAsync(20, TimeSpan.FromSeconds(15));
        await Wait.UntilAsync(() => w1.Lines.Count + w2.Lines.Count == 20, TimeSpan.FromSeconds(15), "20 shared deliveries");
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"job{i}").Order(), w1.Lines.Concat(w2.Lines).Order());
        Assert.Equal(10, w1.Lines.Count); // round robin between two connected members
        Assert.Equal(10, w2.Lines.Count);
    }

    [Fact]
    public async Task Shared_subscriptions_get_no_retained_messages_at_subscribe()
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync();
        await Mosquitto.PubAsync(host.Port, "mqttv5", "-t", "jobs/old", "-m", "retained", "-r");
        using var worker = await Mosquitto.StartSubscriberAsync(host.Port, "mqttv5", () => host.Broker.SubscriptionCount == 1, "-t", "$share/g/jobs/#");

        await Mosquitto.PubAsync(host.Port, "mqttv5", "-t", "jobs/new", "-m", "live");
        await worker.WaitForLinesAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal(["live"], worker.Lines);
    }
}
