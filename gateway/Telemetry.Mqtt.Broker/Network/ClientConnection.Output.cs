using Telemetry.Mqtt.Broker.Sessions;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt.Broker.Network;

internal sealed partial class ClientConnection
{
    private readonly Lock _outLock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private OutputBuffer _front = new();
    private OutputBuffer _back = new();
    private bool _signalled;
    private int _backBytes;
    private bool _closeAfterFlush;
    private string? _closeWhy;

    /// <summary>Free slots of the client's Receive Maximum, capped by our own in-flight limit (MQTT 5.0 §4.9).</summary>
    public int SendQuotaAvailable(Session session) =>
        Math.Min(_clientReceiveMaximum, _context.Options.MaxInflightPerClient) - session.Inflight.Count;

    public bool SendPublish(in PendingDelivery delivery, ushort packetId, bool duplicate)
    {
        var message = delivery.Message;
        var publish = new MqttPublish
        {
            Dup = duplicate,
            Qos = (MqttQos)delivery.Qos,
            Retain = delivery.Retain,
            Topic = message.TopicUtf8,
            PacketId = packetId,
            Payload = message.Payload.Span,
        };
        if (_version == MqttProtocolVersion.V500)
        {
            publish.Properties = OutgoingProperties(delivery);
        }

        lock (_outLock)
        {
            if (_closing != 0)
            {
                // Keep a QoS 1/2 message in flight: it is resent when the session reconnects.
                return delivery.Qos > 0;
            }

            // MQTT 5.0 §3.1.2.11.4: never send a packet over the client's Maximum Packet Size; the message is discarded.
            if (_clientMaximumPacketSize < int.MaxValue && MqttPacketWriter.PublishSize(_version, publish) > _clientMaximumPacketSize)
            {
                return false;
            }

            // QoS 0 to a client that does not read fast enough is dropped past the buffer budget, never buffered without bound.
            if (delivery.Qos == 0 && _front.Written + Volatile.Read(ref _backBytes) > _context.Options.MaxOutboundBufferBytes)
            {
                return false;
            }

            MqttPacketWriter.WritePublish(_front, _version, publish);
            SignalLocked();
        }

        _context.Statistics.MessageSent();
        return true;
    }

    public void SendPubRel(ushort packetId) => WriteAck(MqttPacketType.PubRel, packetId, MqttReasonCode.Success);

    private MqttProperties OutgoingProperties(PendingDelivery delivery)
    {
        var message = delivery.Message;
        var props = default(MqttProperties);
        if (message.ExpiresAtUnixMs != 0)
        {
            props.MessageExpiryInterval = message.RemainingExpirySeconds(_context.Core.NowUnixMs);
        }

        if (delivery.SubscriptionIds is { Length: > 0 } ids)
        {
            // The codec encodes one identifier per PUBLISH; the first matching subscription's is sent.
            props.SubscriptionIdentifier = (int)ids[0];
        }

        if (message.Properties is { } p)
        {
            props.PayloadFormatIndicator = p.PayloadFormatIndicator;
            props.ContentType = p.ContentType;
            props.ResponseTopic = p.ResponseTopic;
            props.CorrelationData = p.CorrelationData;
            props.UserProperties = p.UserProperties;
        }

        return props;
    }

    private void WriteAck(MqttPacketType type, ushort packetId, MqttReasonCode reason)
    {
        lock (_outLock)
        {
            if (_closing != 0)
            {
                return;
            }

            var ack = new MqttPublishAck { Type = type, PacketId = packetId, ReasonCode = reason };
            MqttPacketWriter.WritePublishAck(_front, _version, ack);
            SignalLocked();
        }
    }

    private void WritePingResp()
    {
        lock (_outLock)
        {
            MqttPacketWriter.WritePingResp(_front);
            SignalLocked();
        }
    }

    /// <summary>
    /// Closes with a reason: MQTT 5 clients get a DISCONNECT carrying it (§4.13), then the socket closes once the bytes
    /// already queued are written. The reason is logged either way.
    /// </summary>
    public void Close(MqttReasonCode reason, string why)
    {
        lock (_outLock)
        {
            if (_closing != 0)
            {
                return;
            }

            _closeWhy = $"{why} (reason 0x{(byte)reason:X2} {reason})";
            if (_session is not null && _version == MqttProtocolVersion.V500 && MqttReasonCodes.IsValidFor(MqttPacketType.Disconnect, (byte)reason))
            {
                MqttPacketWriter.WriteDisconnect(_front, _version, new MqttDisconnect { Type = MqttPacketType.Disconnect, ReasonCode = reason });
            }

            _closing = 1;
            Volatile.Write(ref _closeRequestedTicks, Environment.TickCount64);
            _closeAfterFlush = true;
            SignalLocked();
        }

        _context.Log($"mqtt broker: closing {Describe}: {_closeWhy}");
    }

    private void SignalLocked()
    {
        if (!_signalled)
        {
            _signalled = true;
            _signal.Release();
        }
    }

    /// <summary>The one writer of this socket: swaps the buffers and writes everything encoded since the last write.</summary>
    private async Task WriterLoopAsync(Stream stream)
    {
        try
        {
            while (true)
            {
                await _signal.WaitAsync(_cts.Token).ConfigureAwait(false);
                OutputBuffer batch;
                bool closeNow;
                lock (_outLock)
                {
                    (_front, _back) = (_back, _front);
                    batch = _back;
                    _signalled = false;
                    Volatile.Write(ref _backBytes, batch.Written);
                    closeNow = _closeAfterFlush;
                }

                if (batch.Written > 0)
                {
                    await stream.WriteAsync(batch.WrittenMemory, _cts.Token).ConfigureAwait(false);
                    _context.Statistics.AddBytesSent(batch.Written);
                }

                lock (_outLock)
                {
                    batch.Reset();
                    Volatile.Write(ref _backBytes, 0);
                }

                if (closeNow)
                {
                    // Everything queued before Close, DISCONNECT included, is on the wire: FIN, then stop reading.
                    _socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
                    Abort();
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            Abort();
        }
    }
}
