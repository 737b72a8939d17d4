using Telemetry.Mqtt.Broker.Routing;

namespace Telemetry.Mqtt.Broker.Sessions;

/// <summary>Where an outgoing QoS 1/2 message stands (MQTT 5.0 §4.3.2, §4.3.3).</summary>
internal enum OutboundState : byte
{
    /// <summary>QoS 1 PUBLISH sent, waiting for PUBACK.</summary>
    AwaitPubAck = 1,

    /// <summary>QoS 2 PUBLISH sent, waiting for PUBREC.</summary>
    AwaitPubRec = 2,

    /// <summary>PUBREL sent, waiting for PUBCOMP.</summary>
    AwaitPubComp = 3,
}

/// <summary>An outgoing QoS 1/2 message that occupies a packet identifier until acknowledged.</summary>
internal sealed class InflightMessage
{
    public required ushort PacketId { get; init; }

    public required PendingDelivery Delivery { get; init; }

    public OutboundState State { get; set; }

    /// <summary>Order of first transmission: a resumed session resends in this order (MQTT 5.0 §4.6).</summary>
    public long Sequence { get; init; }
}

/// <summary>
/// Server-side session state (MQTT 5.0 §4.1): subscriptions, QoS 1/2 messages in flight to the client, messages queued
/// for it, and QoS 2 packet ids received from it but not yet released. Guarded by the broker's routing lock.
/// </summary>
internal sealed class Session
{
    private long _sequence;
    private ushort _lastPacketId;

    public Session(string clientId, OfflineQueue pending)
    {
        ClientId = clientId;
        Pending = pending;
    }

    public string ClientId { get; }

    /// <summary>Seconds the session outlives its connection; 0 ends it at disconnect, <see cref="uint.MaxValue"/> never.</summary>
    public uint ExpiryIntervalSeconds { get; set; }

    /// <summary>Wall clock of the last disconnect (Unix ms), 0 while connected.</summary>
    public long DisconnectedAtUnixMs { get; set; }

    public Dictionary<string, SubscriptionOptions> Subscriptions { get; } = new(StringComparer.Ordinal);

    public Dictionary<ushort, InflightMessage> Inflight { get; } = [];

    public OfflineQueue Pending { get; }

    /// <summary>QoS 2 PUBLISH ids received and PUBREC'd but not PUBREL'd yet: a duplicate must not be routed twice (§4.3.3).</summary>
    public HashSet<ushort> IncomingQos2 { get; } = [];

    /// <summary>The live connection, or null while offline.</summary>
    public IClientLink? Link { get; set; }

    /// <summary>Username the session last authenticated with, for ACL checks on delivery.</summary>
    public string? Username { get; set; }

    /// <summary>A Last Will waiting for its Will Delay Interval (MQTT 5.0 §3.1.3.2.2), or null.</summary>
    public BrokerMessage? DelayedWill { get; set; }

    /// <summary>When <see cref="DelayedWill"/> is due (Unix ms).</summary>
    public long DelayedWillDueUnixMs { get; set; }

    public bool IsExpired(long nowUnixMs) =>
        Link is null && ExpiryIntervalSeconds != uint.MaxValue &&
        nowUnixMs - DisconnectedAtUnixMs >= ExpiryIntervalSeconds * 1000L;

    /// <summary>Next free packet identifier, never one still in flight (§2.2.1); null when all 65,535 are taken.</summary>
    public ushort? AllocatePacketId()
    {
        for (var i = 0; i < ushort.MaxValue; i++)
        {
            _lastPacketId = _lastPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketId + 1);
            if (!Inflight.ContainsKey(_lastPacketId))
            {
                return _lastPacketId;
            }
        }

        return null;
    }

    public InflightMessage AddInflight(ushort packetId, PendingDelivery delivery, OutboundState state)
    {
        var message = new InflightMessage { PacketId = packetId, Delivery = delivery, State = state, Sequence = ++_sequence };
        Inflight[packetId] = message;
        return message;
    }

    /// <summary>Restores an in-flight message read from disk, keeping its order.</summary>
    public void RestoreInflight(ushort packetId, PendingDelivery delivery, OutboundState state) => AddInflight(packetId, delivery, state);

    /// <summary>In-flight messages in first-transmission order, for resending after a reconnect.</summary>
    public List<InflightMessage> InflightInOrder()
    {
        var list = new List<InflightMessage>(Inflight.Values);
        list.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return list;
    }
}

/// <summary>What the routing core needs from a live client connection. Implemented by the network layer.</summary>
internal interface IClientLink
{
    /// <summary>Free slots in the client's Receive Maximum window for QoS 1/2 (MQTT 5.0 §4.9).</summary>
    int SendQuotaAvailable(Session session);

    /// <summary>Queues a PUBLISH for the wire; false when the link cannot take it (closing, or QoS 0 over the byte budget).</summary>
    bool SendPublish(in PendingDelivery delivery, ushort packetId, bool duplicate);

    /// <summary>Queues a PUBREL for a resumed QoS 2 flow.</summary>
    void SendPubRel(ushort packetId);
}
