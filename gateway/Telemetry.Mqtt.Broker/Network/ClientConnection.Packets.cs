using System.Buffers;
using System.Text;
using Telemetry.Mqtt.Broker.Routing;
using Telemetry.Mqtt.Broker.Sessions;
using Telemetry.Mqtt.Packets;
using Telemetry.Protocols.Framing;

namespace Telemetry.Mqtt.Broker.Network;

internal sealed partial class ClientConnection
{
    private (string Topic, byte[] Bytes)?[]? _topicAliases;
    private byte[] _lastTopicBytes = [];
    private string _lastTopic = string.Empty;

    private void OnFramingError(FrameError error)
    {
        if (error == FrameError.Truncated || Volatile.Read(ref _closing) != 0)
        {
            return; // the peer closed mid-packet; nothing left to answer
        }

        _context.Statistics.ProtocolError();
        Close(_framer.LastError == MqttReasonCode.Success ? MqttReasonCode.MalformedPacket : _framer.LastError, $"bad fixed header ({error})");
    }

    private void OnPacket(in ReadOnlySequence<byte> frame)
    {
        if (Volatile.Read(ref _closing) != 0)
        {
            return;
        }

        Volatile.Write(ref _lastReceivedTicks, Environment.TickCount64);
        _context.Statistics.AddBytesReceived(frame.Length);
        if (frame.IsSingleSegment)
        {
            Dispatch(frame.FirstSpan);
            return;
        }

        // A packet split across pipe segments is copied once into a pooled buffer (at most MaxPacketSize).
        var length = (int)frame.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Dispatch(FrameBytes.Contiguous(frame, rented));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> packet)
    {
        var type = MqttPacketDecoder.TypeOf(packet);
        if (_session is null)
        {
            if (type == MqttPacketType.Connect)
            {
                OnConnect(packet);
            }
            else if (type == MqttPacketType.Auth && _pendingConnect is not null)
            {
                OnAuth(packet);
            }
            else
            {
                // §3.1.0-1: the first packet must be CONNECT.
                _context.Statistics.ProtocolError();
                Close(MqttReasonCode.ProtocolError, $"{type} before CONNECT");
            }

            return;
        }

        switch (type)
        {
            case MqttPacketType.Publish:
                OnPublish(packet);
                break;
            case MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp:
                OnPublishAck(packet);
                break;
            case MqttPacketType.Subscribe:
                OnSubscribe(packet);
                break;
            case MqttPacketType.Unsubscribe:
                OnUnsubscribe(packet);
                break;
            case MqttPacketType.PingReq:
                // PINGREQ (§3.12): no body.
                if (Fail(MqttPacketDecoder.DecodeEmpty(packet), "bad PINGREQ"))
                {
                    return;
                }

                WritePingResp();
                break;
            case MqttPacketType.Disconnect:
                OnDisconnect(packet);
                break;
            case MqttPacketType.Connect:
                Close(MqttReasonCode.ProtocolError, "second CONNECT");
                break;
            case MqttPacketType.Auth when _version == MqttProtocolVersion.V500:
                // Re-authentication (§4.12.1) or the next step of one.
                OnAuth(packet);
                break;
            default:
                // CONNACK, SUBACK, UNSUBACK, PINGRESP are never sent by a client to us.
                _context.Statistics.ProtocolError();
                Close(MqttReasonCode.ProtocolError, $"unexpected {type} from a client");
                break;
        }
    }

    private bool Fail(MqttReasonCode rc, string what)
    {
        if (rc == MqttReasonCode.Success)
        {
            return false;
        }

        _context.Statistics.ProtocolError();
        Close(rc, what);
        return true;
    }

    // PUBLISH (§3.3): topic name, [packet id], [properties], payload.
    // Answer: QoS 1 PUBACK, QoS 2 PUBREC (§4.3); the message is routed on receipt and a QoS 2 id is held until PUBREL.
    private void OnPublish(ReadOnlySpan<byte> packet)
    {
        if (Fail(MqttPacketDecoder.DecodePublish(packet, _version, out var p), "malformed PUBLISH"))
        {
            return;
        }

        _context.Statistics.MessageReceived();
        var session = _session!;
        var v5 = _version == MqttProtocolVersion.V500;
        if (!ResolveTopic(p, out var topic, out var topicBytes))
        {
            return;
        }

        var allowed = !topic.StartsWith("$SYS", StringComparison.Ordinal) &&
            (_context.Acl is not { } acl || acl.CanWrite(_clientId!, _username, topic));
        var core = _context.Core;
        var route = allowed;
        if (p.Qos == MqttQos.ExactlyOnce && allowed)
        {
            if (!session.IncomingQos2.Contains(p.PacketId) && session.IncomingQos2.Count >= _context.Options.ReceiveMaximum)
            {
                // MQTT 5.0 §3.3.4: more unacknowledged QoS 2 than our Receive Maximum.
                Close(MqttReasonCode.ReceiveMaximumExceeded, "receive maximum exceeded");
                return;
            }

            // A re-sent QoS 2 PUBLISH whose id we hold was already routed: acknowledge, do not route again (§4.3.3).
            route = core.BeginIncomingQos2(session, p.PacketId);
        }

        var matched = 0;
        if (route)
        {
            var props = p.Properties;
            var expiry = v5 && props.MessageExpiryInterval is { } seconds ? core.NowUnixMs + (seconds * 1000L) : 0;
            var message = new BrokerMessage
            {
                Topic = topic,
                TopicBytes = topicBytes,
                Payload = p.Payload.ToArray(),
                Qos = (byte)p.Qos,
                Retain = p.Retain,
                ExpiresAtUnixMs = expiry,
                PublisherClientId = _clientId,
                Properties = v5 ? ToMessageProperties(props) : null,
            };
            matched = core.Publish(message);
        }

        // 3.1.1 has no way to say "refused": the ack is normal and the message is dropped, as mosquitto does.
        var reason = !allowed ? MqttReasonCode.NotAuthorized : matched == 0 && route ? MqttReasonCode.NoMatchingSubscribers : MqttReasonCode.Success;
        if (p.Qos == MqttQos.AtLeastOnce)
        {
            WriteAck(MqttPacketType.PubAck, p.PacketId, v5 ? reason : MqttReasonCode.Success);
        }
        else if (p.Qos == MqttQos.ExactlyOnce)
        {
            WriteAck(MqttPacketType.PubRec, p.PacketId, v5 ? reason : MqttReasonCode.Success);
        }
    }

    /// <summary>Topic name or MQTT 5 Topic Alias (§3.3.2.3.4): alias 0 or above our maximum closes with 0x94.</summary>
    private bool ResolveTopic(in MqttPublish p, out string topic, out byte[] topicBytes)
    {
        topic = string.Empty;
        topicBytes = [];
        if (_version == MqttProtocolVersion.V500 && p.Properties.TopicAlias is { } alias)
        {
            if (alias == 0 || alias > _context.Options.TopicAliasMaximum)
            {
                Fail(MqttReasonCode.TopicAliasInvalid, $"topic alias {alias} outside 1..{_context.Options.TopicAliasMaximum}");
                return false;
            }

            _topicAliases ??= new (string, byte[])?[_context.Options.TopicAliasMaximum + 1];
            if (p.Topic.IsEmpty)
            {
                if (_topicAliases[alias] is not { } known)
                {
                    Fail(MqttReasonCode.ProtocolError, $"topic alias {alias} used before it was set");
                    return false;
                }

                (topic, topicBytes) = known;
                return true;
            }

            (topic, topicBytes) = Intern(p.Topic);
            _topicAliases[alias] = (topic, topicBytes);
            return true;
        }

        if (p.Topic.IsEmpty)
        {
            Fail(MqttReasonCode.ProtocolError, "empty topic without a topic alias");
            return false;
        }

        (topic, topicBytes) = Intern(p.Topic);
        return true;
    }

    /// <summary>Publishers usually repeat one topic: reuse the last decoded string instead of allocating one per message.</summary>
    private (string, byte[]) Intern(ReadOnlySpan<byte> topic)
    {
        if (!topic.SequenceEqual(_lastTopicBytes))
        {
            _lastTopicBytes = topic.ToArray();
            _lastTopic = Encoding.UTF8.GetString(topic);
        }

        return (_lastTopic, _lastTopicBytes);
    }

    // PUBACK / PUBREC / PUBREL / PUBCOMP (§3.4–3.7): packet id, [reason code, [properties]].
    private void OnPublishAck(ReadOnlySpan<byte> packet)
    {
        if (Fail(MqttPacketDecoder.DecodePublishAck(packet, _version, out var ack), "malformed acknowledgement"))
        {
            return;
        }

        var session = _session!;
        var core = _context.Core;
        switch (ack.Type)
        {
            case MqttPacketType.PubAck:
                core.Complete(session, ack.PacketId, OutboundState.AwaitPubAck);
                break;
            case MqttPacketType.PubRec:
                var failed = MqttReasonCodes.IsError(ack.ReasonCode);
                if (core.Received(session, ack.PacketId, failed) && !failed)
                {
                    SendPubRel(ack.PacketId);
                }

                break;
            case MqttPacketType.PubComp:
                core.Complete(session, ack.PacketId, OutboundState.AwaitPubComp);
                break;
            case MqttPacketType.PubRel:
                // §4.3.3: PUBCOMP either way; MQTT 5 says 0x92 when the id was unknown.
                var known = core.ReleaseIncomingQos2(session, ack.PacketId);
                WriteAck(MqttPacketType.PubComp, ack.PacketId, known ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound);
                break;
        }
    }

    // SUBSCRIBE (§3.8): packet id, [properties: subscription identifier, user properties], (filter, options)+.
    // SUBACK (§3.9): one code per filter — granted QoS, or 0x80 (3.1.1) / 0x87, 0x8F, 0x9E... (5.0).
    private void OnSubscribe(ReadOnlySpan<byte> packet)
    {
        if (Fail(MqttPacketDecoder.DecodeSubscribe(packet, _version, out var subscribe), "malformed SUBSCRIBE"))
        {
            return;
        }

        var v5 = _version == MqttProtocolVersion.V500;
        var session = _session!;
        var subscriptionId = (uint)(subscribe.Properties.SubscriptionIdentifier ?? 0);
        var codes = new List<byte>(4);
        var retained = new List<PendingDelivery>();
        foreach (var entry in subscribe)
        {
            var filter = Encoding.UTF8.GetString(entry.Filter);
            var shared = TopicFilter.TryParseShared(filter, out _, out var inner, out var malformed);
            if (malformed || !TopicFilter.IsValidFilter(inner))
            {
                codes.Add(v5 ? (byte)MqttReasonCode.TopicFilterInvalid : (byte)0x80);
                continue;
            }

            if (shared && entry.NoLocal && v5)
            {
                // §3.8.3.1: No Local on a shared subscription is a protocol error.
                Fail(MqttReasonCode.ProtocolError, "no-local on a shared subscription");
                return;
            }

            if (_context.Acl is { } acl && !acl.CanSubscribe(_clientId!, _username, inner))
            {
                codes.Add(v5 ? (byte)MqttReasonCode.NotAuthorized : (byte)0x80);
                _context.Log($"mqtt broker: {Describe} refused subscription '{filter}' (ACL)");
                continue;
            }

            var options = new SubscriptionOptions((byte)entry.Qos, v5 && entry.NoLocal, v5 && entry.RetainAsPublished, v5 ? (byte)entry.RetainHandling : (byte)0, subscriptionId);
            retained.AddRange(_context.Core.Subscribe(session, filter, options));
            codes.Add((byte)entry.Qos);
        }

        lock (_outLock)
        {
            var ack = new MqttSubAck { Type = MqttPacketType.SubAck, PacketId = subscribe.PacketId, ReasonCodes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(codes) };
            MqttPacketWriter.WriteSubAck(_front, _version, ack);
            SignalLocked();
        }

        if (retained.Count > 0)
        {
            _context.Core.DeliverRetained(session, retained);
        }
    }

    // UNSUBSCRIBE (§3.10): packet id, [properties], filter+. UNSUBACK (§3.11): 5.0 has a code per filter.
    private void OnUnsubscribe(ReadOnlySpan<byte> packet)
    {
        if (Fail(MqttPacketDecoder.DecodeUnsubscribe(packet, _version, out var unsubscribe), "malformed UNSUBSCRIBE"))
        {
            return;
        }

        var codes = new List<byte>(4);
        foreach (var entry in unsubscribe)
        {
            var removed = _context.Core.Unsubscribe(_session!, Encoding.UTF8.GetString(entry.Filter));
            codes.Add(removed ? (byte)MqttReasonCode.Success : (byte)MqttReasonCode.NoSubscriptionExisted);
        }

        lock (_outLock)
        {
            var ack = new MqttSubAck { Type = MqttPacketType.UnsubAck, PacketId = unsubscribe.PacketId, ReasonCodes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(codes) };
            MqttPacketWriter.WriteSubAck(_front, _version, ack);
            SignalLocked();
        }
    }

    // DISCONNECT (§3.14): [reason code, [properties]]. Normal disconnection discards the will (§3.1.2.5);
    // 0x04 "disconnect with will message" keeps it. MQTT 5 may update the Session Expiry Interval here (§3.14.2.2.2).
    private void OnDisconnect(ReadOnlySpan<byte> packet)
    {
        if (Fail(MqttPacketDecoder.DecodeDisconnect(packet, _version, out var disconnect), "malformed DISCONNECT"))
        {
            return;
        }

        if (disconnect.ReasonCode != MqttReasonCode.DisconnectWithWillMessage)
        {
            _will = null;
        }

        if (_version == MqttProtocolVersion.V500 && disconnect.Properties.SessionExpiryInterval is { } expiry)
        {
            lock (_context.Core.Gate)
            {
                _session!.ExpiryIntervalSeconds = expiry;
            }
        }

        _closeWhy = $"client sent DISCONNECT (0x{(byte)disconnect.ReasonCode:X2})";
        Abort();
    }
}
