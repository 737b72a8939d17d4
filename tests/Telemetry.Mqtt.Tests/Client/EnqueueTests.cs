using System.Globalization;
using System.Text;
using Telemetry.Mqtt.Packets;
using Telemetry.TestKit;

namespace Telemetry.Mqtt.Tests.Client;

/// <summary>
/// The bulk path (<see cref="MqttClient.EnqueueAsync"/>): no await per acknowledgement, explicit coalescing, a
/// window that refills in bursts; nothing lost, order kept, refusals counted, forgotten bytes still sent.
/// </summary>
public sealed class EnqueueTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public static TheoryData<MqttProtocolVersion, MqttQos> Cases() => new()
    {
        { MqttProtocolVersion.V311, MqttQos.AtLeastOnce },
        { MqttProtocolVersion.V500, MqttQos.AtLeastOnce },
        { MqttProtocolVersion.V500, MqttQos.ExactlyOnce },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Queued_messages_arrive_in_order_through_a_small_window(MqttProtocolVersion version, MqttQos qos)
    {
        const int Count = 3000;
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync();
        using var receiver = new Receiver();
        await using var subscriber = new MqttClient(MosquittoClientTests.Options(broker.Port, version, "qsub", receiver));
        await subscriber.ConnectAsync(ct);
        await subscriber.SubscribeAsync([new MqttSubscriptionRequest("q/#", qos)], ct);

        // A window of 32 is refilled 8 permits at a time: many waits, each followed by a burst.
        await using var publisher = new MqttClient(MosquittoClientTests.Options(broker.Port, version, "qpub") with { MaxInFlight = 32 });
        await publisher.ConnectAsync(ct);
        var topic = new MqttTopicName("q/data");
        var buffer = new byte[16];
        for (var i = 0; i < Count; i++)
        {
            // The same buffer every time: EnqueueAsync must have copied the payload by the time it completes.
            var length = Encoding.ASCII.GetBytes(i.ToString(CultureInfo.InvariantCulture), buffer);
            await publisher.EnqueueAsync(topic, buffer.AsMemory(0, length), qos, cancellationToken: ct);
        }

        await publisher.FlushAsync(ct);
        await publisher.WaitForInFlightAsync(ct).WaitAsync(Wait, ct);

        Assert.Equal(0, publisher.InFlight);
        Assert.Equal(0, publisher.RefusedCount);
        Assert.True(await receiver.WaitForCountAsync(Count, Wait), $"received {receiver.Messages.Count}/{Count}");
        Assert.Equal(Enumerable.Range(0, Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), receiver.Messages.Select(m => m.Payload));
    }

    [Fact]
    public async Task Refusals_of_queued_messages_are_counted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync(new MosquittoConfig
        {
            Users = [("rig", "s3cret")],
            AclLines = ["user rig", "topic write dm/gw01/#"],
        });
        await using var rig = new MqttClient(MosquittoClientTests.Options(broker.Port, MqttProtocolVersion.V500, "rig")
            with { UserName = "rig", Password = "s3cret" });
        await rig.ConnectAsync(ct);

        for (var i = 0; i < 10; i++)
        {
            await rig.EnqueueAsync(new MqttTopicName(i % 2 == 0 ? "dm/gw01/det" : "dm/gw02/det"), "x"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: ct);
        }

        await rig.WaitForInFlightAsync(ct).WaitAsync(Wait, ct);
        Assert.Equal(5, rig.RefusedCount);
    }

    [Fact]
    public async Task Bytes_nobody_flushed_still_leave_on_the_next_tick()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync();
        using var receiver = new Receiver();
        await using var subscriber = new MqttClient(MosquittoClientTests.Options(broker.Port, MqttProtocolVersion.V500, "fsub", receiver));
        await subscriber.ConnectAsync(ct);
        await subscriber.SubscribeAsync([new MqttSubscriptionRequest("forgot/#", MqttQos.AtMostOnce)], ct);

        await using var publisher = new MqttClient(MosquittoClientTests.Options(broker.Port, MqttProtocolVersion.V500, "forgetful"));
        await publisher.ConnectAsync(ct);
        for (var i = 0; i < 3; i++)
        {
            // Far below the 32 KiB coalescing threshold, and no FlushAsync: only the keep-alive tick can send them.
            await publisher.EnqueueAsync(new MqttTopicName("forgot/x"), "y"u8.ToArray(), MqttQos.AtMostOnce, cancellationToken: ct);
        }

        Assert.True(await receiver.WaitForCountAsync(3, TimeSpan.FromSeconds(30)), $"received {receiver.Messages.Count}/3");
    }
}
