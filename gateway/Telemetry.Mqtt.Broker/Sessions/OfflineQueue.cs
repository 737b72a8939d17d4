namespace Telemetry.Mqtt.Broker.Sessions;

/// <summary>What a full session queue does with one more message.</summary>
public enum QueueOverflowPolicy
{
    /// <summary>Drop the oldest queued message to make room (fresh positions matter more than stale ones).</summary>
    DropOldest,

    /// <summary>Refuse the new message and keep what is queued.</summary>
    DropNewest,
}

/// <summary>A message waiting for a session: not sent yet because the client is offline or its window is full.</summary>
internal readonly record struct PendingDelivery(BrokerMessage Message, byte Qos, bool Retain, uint[]? SubscriptionIds);

/// <summary>
/// Bounded FIFO of deliveries for one session. The bound is in messages and in payload bytes; overflow follows the
/// policy and is counted, never silent.
/// </summary>
internal sealed class OfflineQueue
{
    private readonly Queue<PendingDelivery> _items = new();
    private readonly int _maxMessages;
    private readonly long _maxBytes;
    private readonly QueueOverflowPolicy _policy;

    public OfflineQueue(int maxMessages, long maxBytes, QueueOverflowPolicy policy)
    {
        _maxMessages = maxMessages;
        _maxBytes = maxBytes;
        _policy = policy;
    }

    public int Count => _items.Count;

    public long Bytes { get; private set; }

    /// <summary>Messages this queue dropped because it was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Adds <paramref name="item"/>; returns false when the policy dropped it (or an older one was dropped, returns true).</summary>
    public bool Enqueue(PendingDelivery item)
    {
        var size = item.Message.Payload.Length;
        if (size > _maxBytes || _maxMessages == 0)
        {
            Dropped++;
            return false;
        }

        while (_items.Count >= _maxMessages || Bytes + size > _maxBytes)
        {
            if (_policy == QueueOverflowPolicy.DropNewest)
            {
                Dropped++;
                return false;
            }

            var oldest = _items.Dequeue();
            Bytes -= oldest.Message.Payload.Length;
            Dropped++;
        }

        _items.Enqueue(item);
        Bytes += size;
        return true;
    }

    public bool TryPeek(out PendingDelivery item) => _items.TryPeek(out item);

    public bool TryDequeue(out PendingDelivery item)
    {
        if (!_items.TryDequeue(out item))
        {
            return false;
        }

        Bytes -= item.Message.Payload.Length;
        return true;
    }

    public IEnumerable<PendingDelivery> Items => _items;

    public void Clear()
    {
        _items.Clear();
        Bytes = 0;
    }
}
