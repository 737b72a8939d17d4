using Telemetry.Mqtt.Broker.Auth;
using Telemetry.Mqtt.Broker.Persistence;
using Telemetry.Mqtt.Broker.Routing;
using Telemetry.Mqtt.Broker.Sessions;

namespace Telemetry.Mqtt.Broker;

/// <summary>
/// The routing core: sessions, subscriptions, retained messages and delivery windows. Knows nothing of sockets or the
/// wire format; the network layer drives it through these methods and receives packets through <see cref="IClientLink"/>.
/// </summary>
/// <remarks>
/// One lock guards all routing state. mosquitto runs its whole broker on one thread; a single short critical section per
/// publish keeps the ordering guarantees of MQTT 5.0 §4.6 trivially true on our two cores, while decoding, encoding and
/// socket I/O run outside it, per connection.
/// </remarks>
internal sealed class BrokerCore
{
    private readonly MqttBrokerOptions _options;
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly SubscriptionTree _tree = new();
    private readonly RetainedStore _retained;
    private readonly Func<string, bool> _isOnline;
    private readonly Func<long> _now;
    private long _changes;

    public BrokerCore(MqttBrokerOptions options, BrokerStatistics statistics, AclFile? acl, Func<long>? nowUnixMs = null)
    {
        _options = options;
        Statistics = statistics;
        Acl = acl;
        _retained = new RetainedStore(options.MaxRetainedMessages);
        _now = nowUnixMs ?? (() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _isOnline = id => _sessions.TryGetValue(id, out var s) && s.Link is not null;
    }

    public Lock Gate { get; } = new();

    public BrokerStatistics Statistics { get; }

    public AclFile? Acl { get; }

    public long NowUnixMs => _now();

    /// <summary>Incremented on every change worth persisting; the persistence loop compares it.</summary>
    public long ChangeCount => Interlocked.Read(ref _changes);

    public int SessionCount
    {
        get
        {
            lock (Gate)
            {
                return _sessions.Count;
            }
        }
    }

    public int RetainedCount
    {
        get
        {
            lock (Gate)
            {
                return _retained.Count;
            }
        }
    }

    public int SubscriptionCount
    {
        get
        {
            lock (Gate)
            {
                return _tree.Count;
            }
        }
    }

    private void Changed() => Interlocked.Increment(ref _changes);

    /// <summary>
    /// Binds <paramref name="link"/> to the session of <paramref name="clientId"/> (MQTT 5.0 §3.1.2.4, §3.2.2.1.1).
    /// Returns the session, whether state was resumed, and a displaced live connection the caller must close (0x8E).
    /// </summary>
    public Session Attach(string clientId, string? username, bool cleanStart, uint expirySeconds, IClientLink link, out bool sessionPresent, out IClientLink? displaced)
    {
        lock (Gate)
        {
            displaced = null;
            sessionPresent = false;
            if (_sessions.TryGetValue(clientId, out var old))
            {
                displaced = old.Link;
                if (cleanStart || old.IsExpired(_now()))
                {
                    if (old.DelayedWill is { } will)
                    {
                        old.DelayedWill = null;
                        RouteLocked(will); // the old session ends now, so its delayed will is due (§3.1.3.2.2)
                    }

                    RemoveSessionLocked(old);
                }
                else
                {
                    old.DelayedWill = null; // reconnected in time: the will must not be sent
                    old.Link = link;
                    old.Username = username;
                    old.ExpiryIntervalSeconds = expirySeconds;
                    old.DisconnectedAtUnixMs = 0;
                    sessionPresent = true;
                    Changed();
                    return old;
                }
            }

            var session = NewSession(clientId);
            session.Link = link;
            session.Username = username;
            session.ExpiryIntervalSeconds = expirySeconds;
            _sessions[clientId] = session;
            Changed();
            return session;
        }
    }

    public Session NewSession(string clientId) =>
        new(clientId, new OfflineQueue(_options.MaxQueuedMessages, _options.MaxQueuedBytes, _options.QueueOverflowPolicy));

    /// <summary>
    /// Resends what was in flight when a session resumes (MQTT 5.0 §4.4: PUBLISH with DUP=1, PUBREL for QoS 2 past PUBREC),
    /// in the original order, then fills the window from the queue.
    /// </summary>
    public void Resume(Session session)
    {
        lock (Gate)
        {
            if (session.Link is not { } link)
            {
                return;
            }

            foreach (var inflight in session.InflightInOrder())
            {
                if (inflight.State == OutboundState.AwaitPubComp)
                {
                    link.SendPubRel(inflight.PacketId);
                }
                else if (inflight.Delivery.Message.IsExpired(_now()))
                {
                    session.Inflight.Remove(inflight.PacketId); // §3.3.2.3.3: an expired message is not sent
                    Statistics.MessageExpired();
                }
                else
                {
                    link.SendPublish(inflight.Delivery, inflight.PacketId, duplicate: true);
                }
            }

            PumpLocked(session);
        }
    }

    /// <summary>The connection of <paramref name="session"/> ended. Publishes or delays the will; ends a non-persistent session.</summary>
    public void Detach(Session session, IClientLink link, BrokerMessage? will, uint willDelaySeconds)
    {
        lock (Gate)
        {
            var current = ReferenceEquals(session.Link, link);
            if (current)
            {
                session.Link = null;
                session.DisconnectedAtUnixMs = _now();
            }

            if (will is not null)
            {
                if (willDelaySeconds == 0 || session.ExpiryIntervalSeconds == 0)
                {
                    RouteLocked(will);
                }
                else if (current)
                {
                    // Published when the delay or the session ends, whichever is first (§3.1.3.2.2).
                    session.DelayedWill = will;
                    session.DelayedWillDueUnixMs = _now() + (Math.Min(willDelaySeconds, session.ExpiryIntervalSeconds) * 1000L);
                }
            }

            if (current && session.ExpiryIntervalSeconds == 0 && _sessions.TryGetValue(session.ClientId, out var registered) && ReferenceEquals(registered, session))
            {
                RemoveSessionLocked(session);
            }

            Changed();
        }
    }

    /// <summary>Adds a subscription; returns whether it existed before and the retained messages to send for it.</summary>
    public List<PendingDelivery> Subscribe(Session session, string filter, SubscriptionOptions options)
    {
        lock (Gate)
        {
            var existed = _tree.Add(session.ClientId, filter, options);
            session.Subscriptions[filter] = options;
            Changed();
            var result = new List<PendingDelivery>();
            var shared = TopicFilter.TryParseShared(filter, out _, out _, out _);
            // Retain handling (MQTT 5.0 §3.8.3.1): 0 always, 1 only for a new subscription, 2 never;
            // a shared subscription never gets retained messages at subscribe time (§4.8.2).
            if (shared || options.RetainHandling == 2 || (options.RetainHandling == 1 && existed))
            {
                return result;
            }

            foreach (var message in _retained.Match(filter, _now()))
            {
                if (Acl is null || Acl.CanRead(session.ClientId, session.Username, message.Topic))
                {
                    var ids = options.SubscriptionId == 0 ? null : new[] { options.SubscriptionId };
                    result.Add(new PendingDelivery(message, Math.Min(message.Qos, options.MaxQos), Retain: true, ids));
                }
            }

            return result;
        }
    }

    /// <summary>Queues retained messages for a new subscription through the session's normal window.</summary>
    public void DeliverRetained(Session session, List<PendingDelivery> deliveries)
    {
        lock (Gate)
        {
            foreach (var d in deliveries)
            {
                DeliverLocked(session, d);
            }
        }
    }

    public bool Unsubscribe(Session session, string filter)
    {
        lock (Gate)
        {
            session.Subscriptions.Remove(filter);
            Changed();
            return _tree.Remove(session.ClientId, filter);
        }
    }

    /// <summary>Routes an application message: retained store, then every matching session. Returns how many sessions got it.</summary>
    public int Publish(BrokerMessage message)
    {
        lock (Gate)
        {
            return RouteLocked(message);
        }
    }

    /// <summary>PUBACK (QoS 1) or PUBCOMP (QoS 2) from the client ends a delivery and frees its window slot.</summary>
    public bool Complete(Session session, ushort packetId, OutboundState expected)
    {
        lock (Gate)
        {
            if (!session.Inflight.TryGetValue(packetId, out var m) || m.State != expected)
            {
                return false;
            }

            session.Inflight.Remove(packetId);
            Changed();
            PumpLocked(session);
            return true;
        }
    }

    /// <summary>PUBREC from the client: the message is now theirs; we owe a PUBREL (§4.3.3).</summary>
    public bool Received(Session session, ushort packetId, bool failed)
    {
        lock (Gate)
        {
            if (!session.Inflight.TryGetValue(packetId, out var m) || m.State != OutboundState.AwaitPubRec)
            {
                return false;
            }

            if (failed)
            {
                // MQTT 5.0 §4.3.3: a PUBREC with a failure reason ends the flow; the id is free again.
                session.Inflight.Remove(packetId);
                PumpLocked(session);
            }
            else
            {
                m.State = OutboundState.AwaitPubComp;
            }

            Changed();
            return true;
        }
    }

    /// <summary>Records an incoming QoS 2 packet id; false when it is a duplicate that was already routed.</summary>
    public bool BeginIncomingQos2(Session session, ushort packetId)
    {
        lock (Gate)
        {
            Changed();
            return session.IncomingQos2.Add(packetId);
        }
    }

    /// <summary>PUBREL from the client; false when the id was unknown (MQTT 5 answers PUBCOMP 0x92).</summary>
    public bool ReleaseIncomingQos2(Session session, ushort packetId)
    {
        lock (Gate)
        {
            Changed();
            return session.IncomingQos2.Remove(packetId);
        }
    }

    /// <summary>Expires sessions, publishes due delayed wills, drops sessions whose expiry passed (§4.1).</summary>
    public void Housekeep()
    {
        lock (Gate)
        {
            var now = _now();
            List<Session>? expired = null;
            foreach (var session in _sessions.Values)
            {
                if (session.DelayedWill is { } will && now >= session.DelayedWillDueUnixMs)
                {
                    session.DelayedWill = null;
                    RouteLocked(will);
                }

                if (session.IsExpired(now))
                {
                    (expired ??= []).Add(session);
                }
            }

            foreach (var session in expired ?? [])
            {
                if (session.DelayedWill is { } will)
                {
                    session.DelayedWill = null;
                    RouteLocked(will);
                }

                RemoveSessionLocked(session);
            }
        }
    }

    /// <summary>Copies what persistence keeps: sessions that outlive their connection, and retained messages.</summary>
    public byte[] Serialize()
    {
        lock (Gate)
        {
            var state = new BrokerState();
            var now = _now();
            foreach (var s in _sessions.Values)
            {
                if (s.ExpiryIntervalSeconds > 0)
                {
                    state.Sessions.Add(s);
                }
            }

            // $SYS statistics are republished at start; persisting them would only churn the disk.
            state.Retained.AddRange(_retained.All.Where(static m => !m.Topic.StartsWith("$SYS/", StringComparison.Ordinal)));
            return SnapshotStore.Serialize(state, now);
        }
    }

    /// <summary>Loads persisted sessions and retained messages; restored sessions are offline until their client returns.</summary>
    public void Restore(BrokerState state)
    {
        lock (Gate)
        {
            foreach (var session in state.Sessions)
            {
                _sessions[session.ClientId] = session;
                foreach (var (filter, options) in session.Subscriptions)
                {
                    _tree.Add(session.ClientId, filter, options);
                }
            }

            foreach (var message in state.Retained)
            {
                _retained.Set(message);
            }
        }
    }

    private int RouteLocked(BrokerMessage message)
    {
        var now = _now();
        if (message.IsExpired(now))
        {
            Statistics.MessageExpired();
            return 0;
        }

        if (message.Retain)
        {
            _retained.Set(message);
            if (!message.Topic.StartsWith("$SYS/", StringComparison.Ordinal))
            {
                Changed();
            }
        }

        var targets = _tree.Match(message.Topic, message.PublisherClientId, _isOnline);
        var delivered = 0;
        foreach (var target in targets)
        {
            if (!_sessions.TryGetValue(target.ClientId, out var session))
            {
                continue;
            }

            if (Acl is not null && !Acl.CanRead(session.ClientId, session.Username, message.Topic))
            {
                continue; // mosquitto checks read access on every delivery, not only at SUBSCRIBE
            }

            var ids = target.SubscriptionIds.Count == 0 ? null : target.SubscriptionIds.ToArray();
            // Forwarded messages keep RETAIN only with Retain As Published (MQTT 5.0 §3.3.1.3; 3.1.1 §3.3.1.3 clears it).
            var delivery = new PendingDelivery(message, Math.Min(message.Qos, target.Qos), message.Retain && target.RetainAsPublished, ids);
            DeliverLocked(session, delivery);
            delivered++;
        }

        return delivered;
    }

    private void DeliverLocked(Session session, in PendingDelivery delivery)
    {
        var link = session.Link;
        if (link is null)
        {
            if (delivery.Qos == 0 && !_options.QueueQos0WhileOffline)
            {
                return; // QoS 0 is not queued for offline sessions unless asked (as mosquitto's queue_qos0_messages)
            }

            Enqueue(session, delivery);
            return;
        }

        if (delivery.Qos == 0)
        {
            if (!link.SendPublish(delivery, 0, duplicate: false))
            {
                Statistics.MessageDropped();
            }

            return;
        }

        // Keep order: while anything is queued, new messages queue behind it.
        if (session.Pending.Count > 0 || link.SendQuotaAvailable(session) <= 0 || SendInflightLocked(session, link, delivery) is false)
        {
            Enqueue(session, delivery);
        }
    }

    private bool SendInflightLocked(Session session, IClientLink link, in PendingDelivery delivery)
    {
        if (session.AllocatePacketId() is not { } id)
        {
            return false;
        }

        session.AddInflight(id, delivery, delivery.Qos == 1 ? OutboundState.AwaitPubAck : OutboundState.AwaitPubRec);
        Changed();
        if (!link.SendPublish(delivery, id, duplicate: false))
        {
            // Larger than the client's Maximum Packet Size (MQTT 5.0 §3.1.2.11.4): discarded, counted, id freed.
            session.Inflight.Remove(id);
            Statistics.MessageDropped();
        }

        return true;
    }

    private void Enqueue(Session session, in PendingDelivery delivery)
    {
        var before = session.Pending.Dropped;
        session.Pending.Enqueue(delivery);
        var dropped = session.Pending.Dropped - before;
        if (dropped > 0)
        {
            Statistics.MessageDropped(dropped);
        }

        Changed();
    }

    private void PumpLocked(Session session)
    {
        if (session.Link is not { } link)
        {
            return;
        }

        var now = _now();
        while (session.Pending.Count > 0)
        {
            if (!session.Pending.TryPeek(out var next))
            {
                break;
            }

            if (next.Message.IsExpired(now))
            {
                session.Pending.TryDequeue(out _);
                Statistics.MessageExpired();
                continue;
            }

            if (next.Qos == 0)
            {
                session.Pending.TryDequeue(out _);
                if (!link.SendPublish(next, 0, duplicate: false))
                {
                    Statistics.MessageDropped();
                }

                continue;
            }

            if (link.SendQuotaAvailable(session) <= 0 || !SendInflightLocked(session, link, next))
            {
                break;
            }

            session.Pending.TryDequeue(out _);
        }
    }

    private void RemoveSessionLocked(Session session)
    {
        foreach (var filter in session.Subscriptions.Keys)
        {
            _tree.Remove(session.ClientId, filter);
        }

        _sessions.Remove(session.ClientId);
        Changed();
    }
}
