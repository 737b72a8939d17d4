using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt.Broker.Persistence;
using Telemetry.Mqtt.Broker.Routing;
using Telemetry.Mqtt.Broker.Sessions;

namespace Telemetry.Broker.Tests;

public sealed class SnapshotStoreTests
{
    private static Session NewSession(string id) => new(id, new OfflineQueue(100, 1 << 20, QueueOverflowPolicy.DropOldest));

    [Fact]
    public void Round_trips_sessions_inflight_queue_qos2_ids_and_retained()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        var message = new BrokerMessage
        {
            Topic = "dm/rig01/det",
            Payload = "{\"lat\":44.8}"u8.ToArray(),
            Qos = 2,
            Retain = true,
            ExpiresAtUnixMs = 1_900_000_000_000,
            PublisherClientId = "rig01",
            Properties = new MessageProperties
            {
                ContentType = "application/json"u8.ToArray(),
                ResponseTopic = "r/1"u8.ToArray(),
                CorrelationData = [1, 2, 3],
                PayloadFormatIndicator = 1,
                UserProperties = [0x26, 0, 1, (byte)'k', 0, 1, (byte)'v'],
            },
        };
        var session = NewSession("ops");
        session.ExpiryIntervalSeconds = 3600;
        session.DisconnectedAtUnixMs = 1_800_000_000_000;
        session.Subscriptions["dm/#"] = new SubscriptionOptions(2, NoLocal: true, RetainAsPublished: true, RetainHandling: 1, SubscriptionId: 7);
        session.AddInflight(5, new PendingDelivery(message, 2, false, [7]), OutboundState.AwaitPubComp);
        session.AddInflight(3, new PendingDelivery(message, 1, false, null), OutboundState.AwaitPubAck);
        session.Pending.Enqueue(new PendingDelivery(message, 1, true, null));
        session.IncomingQos2.Add(42);
        var state = new BrokerState();
        state.Sessions.Add(session);
        state.Retained.Add(message);

        store.Write(SnapshotStore.Serialize(state, 1_800_000_000_500));
        var loaded = store.Load(NewSession, out var problem);

        Assert.Null(problem);
        Assert.NotNull(loaded);
        var s = Assert.Single(loaded.Sessions);
        Assert.Equal("ops", s.ClientId);
        Assert.Equal(3600u, s.ExpiryIntervalSeconds);
        Assert.Equal(1_800_000_000_000, s.DisconnectedAtUnixMs);
        Assert.Equal(session.Subscriptions["dm/#"], s.Subscriptions["dm/#"]);
        Assert.Equal([(ushort)5, (ushort)3], s.InflightInOrder().Select(m => m.PacketId)); // original send order kept
        Assert.Equal(OutboundState.AwaitPubComp, s.Inflight[5].State);
        Assert.Equal([7u], s.Inflight[5].Delivery.SubscriptionIds!);
        Assert.Equal(1, s.Pending.Count);
        Assert.Contains((ushort)42, s.IncomingQos2);
        var r = Assert.Single(loaded.Retained);
        Assert.Equal(message.Topic, r.Topic);
        Assert.Equal(message.Payload.ToArray(), r.Payload.ToArray());
        Assert.Equal(message.ExpiresAtUnixMs, r.ExpiresAtUnixMs);
        Assert.Equal("application/json"u8.ToArray(), r.Properties!.ContentType!);
        Assert.Equal("r/1"u8.ToArray(), r.Properties.ResponseTopic!);
        Assert.Equal([1, 2, 3], r.Properties.CorrelationData!);
        Assert.Equal(message.Properties.UserProperties, r.Properties.UserProperties!);
        Assert.Equal((byte)1, r.Properties.PayloadFormatIndicator);
    }

    [Fact]
    public void A_torn_or_damaged_file_is_set_aside_not_trusted()
    {
        using var dir = new TempDir();
        var store = new SnapshotStore(dir.Path);
        var state = new BrokerState();
        state.Retained.Add(new BrokerMessage { Topic = "a", Payload = new byte[] { 1 }, Retain = true });
        var bytes = SnapshotStore.Serialize(state, 0);

        // Every truncation and a flipped bit in every byte must be detected.
        for (var cut = 0; cut < bytes.Length; cut += 3)
        {
            File.WriteAllBytes(store.FilePath, bytes[..cut]);
            Assert.Null(store.Load(NewSession, out var problem));
            Assert.NotNull(problem);
            Assert.True(File.Exists(store.FilePath + ".corrupt"));
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x10;
            File.WriteAllBytes(store.FilePath, damaged);
            Assert.Null(store.Load(NewSession, out var problem));
            Assert.Contains("unreadable", problem, StringComparison.Ordinal);
        }

        store.Write(bytes);
        Assert.Single(store.Load(NewSession, out _)!.Retained);
    }
}
