using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt.Internal;

/// <summary>
/// The client's half of the session state (MQTT 5.0 §4.1): QoS 1/2 messages not yet fully acknowledged, indexed by
/// packet identifier, plus the identifiers used by pending SUBSCRIBE/UNSUBSCRIBE. An identifier is never handed out
/// while in use (§2.2.1). Thread-safe through one lock; every operation is O(1) except the reconnect snapshot.
/// </summary>
internal sealed class OutgoingStore
{
    private readonly OutgoingMessage?[] _byId = new OutgoingMessage?[65536];
    private readonly bool[] _reserved = new bool[65536];
    private readonly Lock _lock = new();
    private readonly Stack<OutgoingMessage> _pool = new();
    private readonly Action<OutgoingMessage> _return;
    private ushort _lastId;
    private long _sequence;
    private int _count;

    public OutgoingStore() => _return = Return;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public OutgoingMessage Rent()
    {
        lock (_lock)
        {
            if (_pool.TryPop(out var message))
            {
                return message;
            }
        }

        return new OutgoingMessage { Returned = _return };
    }

    /// <summary>Gives <paramref name="message"/> a free packet id and its place in the resend order.</summary>
    public void Add(OutgoingMessage message)
    {
        lock (_lock)
        {
            message.PacketId = NextFreeId();
            message.Sequence = ++_sequence;
            _byId[message.PacketId] = message;
            _count++;
        }
    }

    /// <summary>Reserves an id for SUBSCRIBE/UNSUBSCRIBE; release it with <see cref="ReleaseId"/>.</summary>
    public ushort ReserveId()
    {
        lock (_lock)
        {
            var id = NextFreeId();
            _reserved[id] = true;
            return id;
        }
    }

    public void ReleaseId(ushort id)
    {
        lock (_lock)
        {
            _reserved[id] = false;
        }
    }

    public OutgoingMessage? Get(ushort id)
    {
        lock (_lock)
        {
            return _byId[id];
        }
    }

    /// <summary>Removes and returns the message with <paramref name="id"/>, or null when no such message is in flight.</summary>
    public OutgoingMessage? Remove(ushort id)
    {
        lock (_lock)
        {
            var message = _byId[id];
            if (message is not null)
            {
                _byId[id] = null;
                _count--;
            }

            return message;
        }
    }

    /// <summary>
    /// Removes the message with <paramref name="id"/> if it is the <paramref name="qos"/> message in
    /// <paramref name="state"/> (one lock for the acknowledgement path); null for a late or duplicate acknowledgement.
    /// </summary>
    public OutgoingMessage? TryRemove(ushort id, MqttQos qos, OutgoingState state)
    {
        lock (_lock)
        {
            var message = _byId[id];
            if (message is null || message.Qos != qos || message.State != state)
            {
                return null;
            }

            _byId[id] = null;
            _count--;
            return message;
        }
    }

    /// <summary>Every in-flight message in submission order, for the resend after a reconnect.</summary>
    public List<OutgoingMessage> SnapshotInOrder()
    {
        lock (_lock)
        {
            var list = new List<OutgoingMessage>(_count);
            foreach (var message in _byId)
            {
                if (message is not null)
                {
                    list.Add(message);
                }
            }

            list.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
            return list;
        }
    }

    /// <summary>Fails every message (the client is being disposed).</summary>
    public void FailAll(Exception error)
    {
        foreach (var message in SnapshotInOrder())
        {
            if (Remove(message.PacketId) is not { } removed)
            {
                continue;
            }

            if (removed.Detached)
            {
                Return(removed);
            }
            else
            {
                removed.Fail(error);
            }
        }
    }

    private ushort NextFreeId()
    {
        // The window is capped below 65,535, so a free identifier always exists.
        for (var tries = 0; tries < 65536; tries++)
        {
            _lastId = _lastId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastId + 1);
            if (_byId[_lastId] is null && !_reserved[_lastId])
            {
                return _lastId;
            }
        }

        throw new InvalidOperationException("All 65,535 MQTT packet identifiers are in use.");
    }

    /// <summary>Hands a message nobody awaits back to the pool.</summary>
    public void Recycle(OutgoingMessage message) => Return(message);

    private void Return(OutgoingMessage message)
    {
        message.Reset();
        lock (_lock)
        {
            if (_pool.Count < 4096)
            {
                _pool.Push(message);
            }
        }
    }
}
