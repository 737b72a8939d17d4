using Telemetry.Mqtt.Broker.Sessions;

namespace Telemetry.Broker.Tests;

public sealed class OfflineQueueTests
{
    private static PendingDelivery Item(int n, int size = 10) =>
        new(new BrokerMessage { Topic = "t", Payload = new byte[size], Qos = 1, PublisherClientId = n.ToString(System.Globalization.CultureInfo.InvariantCulture) }, 1, false, null);

    [Fact]
    public void Drop_oldest_keeps_the_newest_and_counts_drops()
    {
        var queue = new OfflineQueue(3, 1_000, QueueOverflowPolicy.DropOldest);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(queue.Enqueue(Item(i)));
        }

        Assert.Equal(3, queue.Count);
        Assert.Equal(2, queue.Dropped);
        Assert.Equal(["2", "3", "4"], queue.Items.Select(x => x.Message.PublisherClientId));
        Assert.Equal(30, queue.Bytes);
    }

    [Fact]
    public void Drop_newest_keeps_the_oldest_and_counts_drops()
    {
        var queue = new OfflineQueue(3, 1_000, QueueOverflowPolicy.DropNewest);
        var accepted = Enumerable.Range(0, 5).Count(i => queue.Enqueue(Item(i)));
        Assert.Equal(3, accepted);
        Assert.Equal(2, queue.Dropped);
        Assert.Equal(["0", "1", "2"], queue.Items.Select(x => x.Message.PublisherClientId));
    }

    [Fact]
    public void Byte_bound_applies_as_well_as_count()
    {
        var queue = new OfflineQueue(100, 25, QueueOverflowPolicy.DropOldest);
        queue.Enqueue(Item(0));
        queue.Enqueue(Item(1));
        queue.Enqueue(Item(2));
        Assert.Equal(2, queue.Count);
        Assert.Equal(20, queue.Bytes);
        Assert.False(queue.Enqueue(Item(3, size: 26))); // larger than the whole bound
        Assert.Equal(2, queue.Dropped);
        Assert.True(queue.TryDequeue(out var first));
        Assert.Equal("1", first.Message.PublisherClientId);
        Assert.Equal(10, queue.Bytes);
    }
}
