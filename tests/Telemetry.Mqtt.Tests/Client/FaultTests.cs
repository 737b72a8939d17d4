using System.Text;
using Telemetry.Mqtt.Packets;
using Telemetry.TestKit;

namespace Telemetry.Mqtt.Tests.Client;

/// <summary>
/// Publishing through a fault-injecting proxy to a real mosquitto while a direct subscriber counts arrivals:
/// for every fault, QoS 1 arrives at least once and QoS 2 exactly once, and nothing is lost.
/// </summary>
public sealed class FaultTests
{
    private const int Count = 200;

    public static TheoryData<string, MqttQos> Faults()
    {
        var data = new TheoryData<string, MqttQos>();
        foreach (var fault in new[] { "drop", "delay", "cut-mid-packet", "half-open" })
        {
            data.Add(fault, MqttQos.AtLeastOnce);
            data.Add(fault, MqttQos.ExactlyOnce);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Fault_loses_no_message(string fault, MqttQos qos)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync();
        await using var proxy = new FaultProxy(broker.Port);
        using var receiver = new Receiver();
        await using var subscriber = new MqttClient(MosquittoClientTests.Options(broker.Port, MqttProtocolVersion.V500, "fsub", receiver));
        await subscriber.ConnectAsync(ct);
        await subscriber.SubscribeAsync([new MqttSubscriptionRequest("f/#", MqttQos.ExactlyOnce)], ct);

        var disconnects = new List<MqttDisconnectInfo>();
        var keepAliveFired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var publisher = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = proxy.Port,
            ClientId = "fpub",
            SessionExpiryInterval = 300,
            KeepAlive = TimeSpan.FromSeconds(1),
            PingTimeout = TimeSpan.FromMilliseconds(500),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        });
        publisher.Disconnected += info =>
        {
            lock (disconnects)
            {
                disconnects.Add(info);
            }

            if (info.Reason == MqttReasonCode.KeepAliveTimeout)
            {
                keepAliveFired.TrySetResult();
            }
        };
        await publisher.ConnectAsync(ct);

        var topic = new MqttTopicName("f/data");
        var pending = new List<Task<MqttReasonCode>>();
        for (var i = 0; i < Count; i++)
        {
            if (i == Count / 2)
            {
                await InjectAsync(fault, proxy);
            }

            pending.Add(publisher.PublishAsync(topic, Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), qos, cancellationToken: ct).AsTask());
        }

        if (fault == "half-open")
        {
            // The client alone must notice the silent link: no FIN ever arrives.
            await keepAliveFired.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
            proxy.Heal();
        }

        proxy.Delay = TimeSpan.Zero;
        var codes = await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.All(codes, c => Assert.False(MqttReasonCodes.IsError(c), c.ToString()));

        // A last message after everything: when it is in, earlier duplicates would be in too (same QoS, same topic order).
        await publisher.PublishAsync(topic, "end"u8.ToArray(), qos, cancellationToken: ct);
        var arrived = await receiver.WaitUntilAsync(m => m.Any(x => x.Payload == "end"), TimeSpan.FromSeconds(30));
        var counts = receiver.Messages.Where(m => m.Payload != "end").GroupBy(m => int.Parse(m.Payload, System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Count());
        var missing = Enumerable.Range(0, Count).Where(i => !counts.ContainsKey(i)).ToArray();
        Assert.True(arrived, $"'end' never arrived; {counts.Count}/{Count} distinct messages in");
        Assert.True(missing.Length == 0, $"lost {missing.Length}: {string.Join(",", missing.Take(20))}");
        if (qos == MqttQos.ExactlyOnce)
        {
            var duplicated = counts.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToArray();
            Assert.True(duplicated.Length == 0, $"QoS 2 duplicated {duplicated.Length}: {string.Join(",", duplicated.Take(20))}");
        }

        if (fault is "drop" or "cut-mid-packet" or "half-open")
        {
            Assert.True(proxy.LinksAccepted >= 2, "the fault should have forced a reconnect");
            lock (disconnects)
            {
                Assert.NotEmpty(disconnects);
            }
        }
    }

    private static async Task InjectAsync(string fault, FaultProxy proxy)
    {
        switch (fault)
        {
            case "drop":
                proxy.DropAll();
                break;
            case "delay":
                proxy.Delay = TimeSpan.FromMilliseconds(100);
                break;
            case "cut-mid-packet":
                // A PUBLISH here is about 15 bytes: 7 bytes in, the link dies inside one.
                proxy.CutClientStreamAfter(7);
                break;
            default:
                proxy.GoHalfOpen();
                break;
        }

        await Task.Yield();
    }
}
