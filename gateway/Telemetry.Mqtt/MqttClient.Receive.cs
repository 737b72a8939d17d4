using System.Text;
using Telemetry.Mqtt.Internal;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt;

public sealed partial class MqttClient
{
    /// <summary>Dispatches one complete packet from the server (runs on the reader loop).</summary>
    private void OnPacket(MqttConnection connection, ReadOnlySpan<byte> packet)
    {
        var version = connection.Version;
        var type = MqttPacketDecoder.TypeOf(packet);
        MqttReasonCode error;
        switch (type)
        {
            case MqttPacketType.Publish:
                error = MqttPacketDecoder.DecodePublish(packet, version, out var publish);
                if (error == MqttReasonCode.Success)
                {
                    error = OnPublish(connection, ref publish);
                }

                break;
            case MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp:
                error = MqttPacketDecoder.DecodePublishAck(packet, version, out var ack);
                if (error == MqttReasonCode.Success)
                {
                    OnPublishAck(connection, ack);
                }

                break;
            case MqttPacketType.SubAck or MqttPacketType.UnsubAck:
                error = MqttPacketDecoder.DecodeSubAck(packet, version, out var subAck);
                if (error == MqttReasonCode.Success)
                {
                    CompleteRequest(subAck.PacketId, subAck.ReasonCodes);
                }

                break;
            case MqttPacketType.PingResp:
                error = MqttPacketDecoder.DecodeEmpty(packet);
                connection.PingSentAt = 0;
                break;
            case MqttPacketType.Disconnect:
                error = MqttPacketDecoder.DecodeDisconnect(packet, version, out var disconnect);
                if (error == MqttReasonCode.Success)
                {
                    var p = disconnect.Properties;
                    connection.Abort(new MqttDisconnectInfo
                    {
                        Reason = disconnect.ReasonCode,
                        ByServer = true,
                        Message = p.ReasonString.IsEmpty ? "server sent DISCONNECT" : Encoding.UTF8.GetString(p.ReasonString),
                        ServerReference = p.ServerReference.IsEmpty ? null : Encoding.UTF8.GetString(p.ServerReference),
                    });
                    return;
                }

                break;
            case MqttPacketType.Auth when version == MqttProtocolVersion.V500 && Options.Authenticator is not null:
                error = MqttPacketDecoder.DecodeDisconnect(packet, version, out var auth);
                if (error == MqttReasonCode.Success)
                {
                    error = OnAuth(connection, auth.ReasonCode, auth.Properties.AuthenticationMethod, auth.Properties.AuthenticationData);
                }

                break;
            default:
                // CONNECT, CONNACK (again), SUBSCRIBE, UNSUBSCRIBE and PINGREQ never come from a server to us, nor does
                // AUTH unless we started enhanced authentication.
                error = MqttReasonCode.ProtocolError;
                break;
        }

        if (error != MqttReasonCode.Success)
        {
            CloseForProtocolError(connection, error, $"bad {type} from server");
        }
    }

    private MqttReasonCode OnPublish(MqttConnection connection, ref MqttPublish publish)
    {
        if (publish.Properties.TopicAlias is { } alias)
        {
            // §3.3.2.3.4: an alias above what we advertised is a protocol error; a topic sets the alias, an empty
            // topic uses it.
            if (alias >= connection.IncomingAliases.Length)
            {
                return MqttReasonCode.TopicAliasInvalid;
            }

            if (!publish.Topic.IsEmpty)
            {
                var known = connection.IncomingAliases[alias];
                if (known is null || !publish.Topic.SequenceEqual(known))
                {
                    connection.IncomingAliases[alias] = publish.Topic.ToArray();
                }
            }
            else if (connection.IncomingAliases[alias] is { } topic)
            {
                publish.Topic = topic;
            }
            else
            {
                return MqttReasonCode.ProtocolError;
            }
        }
        else if (publish.Topic.IsEmpty)
        {
            return MqttReasonCode.ProtocolError;
        }

        switch (publish.Qos)
        {
            case MqttQos.AtMostOnce:
                Options.MessageHandler?.Invoke(publish);
                break;
            case MqttQos.AtLeastOnce:
                // Deliver first, acknowledge after: a crash in between means redelivery, never loss.
                Options.MessageHandler?.Invoke(publish);
                SendControl(connection, MqttPacketType.PubAck, publish.PacketId);
                break;
            default:
                // QoS 2, method B of §4.3.3: deliver on the first PUBLISH, ignore DUP copies until PUBREL frees the id.
                if (!_incomingQos2[publish.PacketId])
                {
                    _incomingQos2[publish.PacketId] = true;
                    Options.MessageHandler?.Invoke(publish);
                }

                SendControl(connection, MqttPacketType.PubRec, publish.PacketId);
                break;
        }

        return MqttReasonCode.Success;
    }

    private void OnPublishAck(MqttConnection connection, in MqttPublishAck ack)
    {
        switch (ack.Type)
        {
            case MqttPacketType.PubAck:
                Finish(ack.PacketId, MqttQos.AtLeastOnce, OutgoingState.AwaitingAck, ack.ReasonCode);
                break;
            case MqttPacketType.PubRec:
                var message = _store.Get(ack.PacketId);
                if (message is null || message.Qos != MqttQos.ExactlyOnce)
                {
                    // §4.3.3: answer a PUBREC we cannot match so the server can free its state.
                    SendControl(connection, MqttPacketType.PubRel, ack.PacketId);
                    return;
                }

                if (MqttReasonCodes.IsError(ack.ReasonCode))
                {
                    Finish(ack.PacketId, MqttQos.ExactlyOnce, OutgoingState.AwaitingAck, ack.ReasonCode);
                    return;
                }

                message.State = OutgoingState.AwaitingComplete;
                message.DropPacket();
                SendControl(connection, MqttPacketType.PubRel, ack.PacketId);
                break;
            case MqttPacketType.PubComp:
                Finish(ack.PacketId, MqttQos.ExactlyOnce, OutgoingState.AwaitingComplete, ack.ReasonCode);
                break;
            default:
                // PUBREL for a QoS 2 message we received: the id is free again.
                _incomingQos2[ack.PacketId] = false;
                SendControl(connection, MqttPacketType.PubComp, ack.PacketId);
                break;
        }
    }

    private void Finish(ushort packetId, MqttQos qos, OutgoingState state, MqttReasonCode reason)
    {
        // A late or duplicate acknowledgement (e.g. after a resend) matches nothing: nobody is waiting for it.
        if (_store.TryRemove(packetId, qos, state) is { } message)
        {
            Settle(message, reason);
        }
    }

    /// <summary>Ends a removed message's life: the awaiting publisher gets the reason, or a queued one is counted and recycled.</summary>
    private void Settle(OutgoingMessage message, MqttReasonCode reason)
    {
        if (message.Detached)
        {
            if (MqttReasonCodes.IsError(reason))
            {
                Interlocked.Increment(ref _refused);
            }

            _store.Recycle(message);
        }
        else
        {
            message.Complete(reason);
        }

        ReleaseWindow(1);
    }

    /// <summary>Writes a 4-byte acknowledgement from the reader loop.</summary>
    private void SendControl(MqttConnection connection, MqttPacketType type, ushort packetId)
    {
        // The reader loop has no async context here; the lock is only held for an append, or while the pipe is
        // over its limit, which the writer loop resolves without needing the reader.
        _writeLock.Wait();
        try
        {
            MqttPacketWriter.WritePublishAck(connection.Output.Writer, type, packetId);
            var flush = connection.Output.Writer.FlushAsync();
            if (!flush.IsCompleted)
            {
                flush.AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes the link after a protocol violation, telling a 5.0 server why (§4.13).</summary>
    private void CloseForProtocolError(MqttConnection connection, MqttReasonCode reason, string what)
    {
        if (connection.IsAborted)
        {
            return;
        }

        if (connection.Version == MqttProtocolVersion.V500 && _writeLock.Wait(0))
        {
            try
            {
                var disconnect = new MqttDisconnect { Type = MqttPacketType.Disconnect, ReasonCode = reason };
                MqttPacketWriter.WriteDisconnect(connection.Output.Writer, connection.Version, disconnect);
                // Best effort: the inline writer usually sends it before Abort closes the socket; never wait here.
                var flush = connection.Output.Writer.FlushAsync();
                if (!flush.IsCompleted)
                {
                    flush.AsTask().ContinueWith(static t => t.Exception, TaskScheduler.Default);
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }

        connection.Abort(new MqttDisconnectInfo { Reason = reason, Message = what });
    }
}
