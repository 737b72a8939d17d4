using System.Runtime.CompilerServices;
using Telemetry.Mqtt.Internal;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt;

public sealed partial class MqttClient
{
    /// <summary>
    /// Publishes a message. QoS 1/2: completes when the server acknowledges (PUBACK / PUBCOMP) with its reason code
    /// (<see cref="MqttReasonCode.Success"/> or <see cref="MqttReasonCode.NoMatchingSubscribers"/> mean accepted);
    /// the message survives reconnects until then. QoS 0: completes once written. Waits (back-pressure) while the
    /// in-flight window or the write buffer is full, and while disconnected. Allocates nothing once warm.
    /// </summary>
    public ValueTask<MqttReasonCode> PublishAsync(
        MqttTopicName topic,
        ReadOnlyMemory<byte> payload,
        MqttQos qos = MqttQos.AtLeastOnce,
        bool retain = false,
        MqttPublishProperties? properties = null,
        CancellationToken cancellationToken = default)
        => PublishCore(topic, payload, qos, retain, properties, queued: false, cancellationToken);

    /// <summary>Publishes to a topic given as a string (encodes it each call; cache a <see cref="MqttTopicName"/> on hot paths).</summary>
    public ValueTask<MqttReasonCode> PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos = MqttQos.AtLeastOnce,
        bool retain = false, CancellationToken cancellationToken = default)
        => PublishAsync(new MqttTopicName(topic), payload, qos, retain, null, cancellationToken);

    /// <summary>
    /// Queues a message for a bulk sender and completes as soon as it is in the session store (QoS 1/2) or the write
    /// buffer (QoS 0): the payload buffer may be reused then, and the acknowledgement is not awaited per message.
    /// QoS 1/2 messages keep every guarantee of <see cref="PublishAsync(MqttTopicName, ReadOnlyMemory{byte}, MqttQos, bool, MqttPublishProperties?, CancellationToken)"/>
    /// (window, resend after reconnect); refusals are counted in <see cref="RefusedCount"/>, and
    /// <see cref="WaitForInFlightAsync"/> waits for all acknowledgements. Queued bytes leave in large writes: when
    /// 32 KiB have gathered, on <see cref="FlushAsync"/>, on any <c>PublishAsync</c>, before waiting for the window,
    /// and at the latest on the next keep-alive tick. Call <see cref="FlushAsync"/> when a burst ends.
    /// </summary>
    public ValueTask EnqueueAsync(
        MqttTopicName topic,
        ReadOnlyMemory<byte> payload,
        MqttQos qos = MqttQos.AtLeastOnce,
        bool retain = false,
        MqttPublishProperties? properties = null,
        CancellationToken cancellationToken = default)
    {
        var pending = PublishCore(topic, payload, qos, retain, properties, queued: true, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            _ = pending.Result;
            return default;
        }

        return AwaitQueuedAsync(pending);

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        static async ValueTask AwaitQueuedAsync(ValueTask<MqttReasonCode> pending) => await pending.ConfigureAwait(false);
    }

    /// <summary>QoS 1/2 messages queued with <see cref="EnqueueAsync"/> that the server refused (reason code ≥ 0x80).</summary>
    public long RefusedCount => Interlocked.Read(ref _refused);

    /// <summary>Hands everything buffered (e.g. by <see cref="EnqueueAsync"/>) to the socket writer now.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var connection = _connection;
        if (connection is null)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (connection == _connection && connection.Output.Writer.UnflushedBytes > 0)
            {
                await connection.Output.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Waits until every QoS 1/2 message published so far has been acknowledged.</summary>
    public async Task WaitForInFlightAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        // Taking every window permit proves nothing is in flight; give them straight back.
        var taken = 0;
        try
        {
            var target = Options.MaxInFlight - Volatile.Read(ref _windowHeld);
            for (; taken < target; taken++)
            {
                await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (taken > 0)
            {
                ReleaseWindow(taken);
            }
        }
    }

    private ValueTask<MqttReasonCode> PublishCore(MqttTopicName topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain,
        MqttPublishProperties? properties, bool queued, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (qos > MqttQos.ExactlyOnce)
        {
            throw new ArgumentOutOfRangeException(nameof(qos));
        }

        ObjectDisposedException.ThrowIf(_stopping, this);
        // Fast path only when nobody queued earlier is still waiting: publishes go out in call order (§4.6).
        var connection = _connection;
        if (connection is null || connection.IsAborted || Volatile.Read(ref _slowPathCount) != 0)
        {
            return PublishSlowAsync(topic, payload, qos, retain, properties, queued, windowTaken: false, cancellationToken);
        }

        var windowTaken = qos != MqttQos.AtMostOnce;
        if (windowTaken && !_window.Wait(0, CancellationToken.None))
        {
            return PublishSlowAsync(topic, payload, qos, retain, properties, queued, windowTaken: false, cancellationToken);
        }

        if (!_writeLock.Wait(0, CancellationToken.None))
        {
            return PublishSlowAsync(topic, payload, qos, retain, properties, queued, windowTaken, cancellationToken);
        }

        OutgoingMessage? message;
        ValueTask<System.IO.Pipelines.FlushResult> flush;
        try
        {
            message = WritePublish(connection, topic, payload, qos, retain, properties, queued);
            flush = FlushIfDue(connection, queued, cancellationToken);
        }
        catch
        {
            _writeLock.Release();
            if (windowTaken)
            {
                ReleaseWindow(1);
            }

            throw;
        }

        if (queued)
        {
            message = null;
        }

        if (!flush.IsCompleted)
        {
            return FinishSlowAsync(flush, message);
        }

        _writeLock.Release();
        return message is null
            ? new ValueTask<MqttReasonCode>(MqttReasonCode.Success)
            : new ValueTask<MqttReasonCode>(message, message.Version);
    }

    /// <summary>A publish flushes at once; queued ones gather until a large write is worth it (explicit coalescing).</summary>
    private ValueTask<System.IO.Pipelines.FlushResult> FlushIfDue(MqttConnection connection, bool queued, CancellationToken cancellationToken)
    {
        var writer = connection.Output.Writer;
        return !queued || writer.UnflushedBytes >= Math.Min(QueuedFlushBytes, Options.WriteBufferLimit / 2)
            ? writer.FlushAsync(cancellationToken)
            : default;
    }

    /// <summary>
    /// Takes one window permit. When the window is full, waits until a quarter of it is free again rather than for the
    /// next single acknowledgement: the publisher then sends a burst in one write instead of one packet per PUBACK,
    /// each with its own thread hop. Only the one gated slow publisher waits here.
    /// </summary>
    private async ValueTask TakeWindowAsync(CancellationToken cancellationToken)
    {
        while (!_window.Wait(0, CancellationToken.None))
        {
            // Queued messages still in the buffer must leave, or their acknowledgements would never free the window.
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _windowWaiter, waiter);
            // Re-check after publishing the waiter: a release in between found no waiter to signal.
            if (_window.CurrentCount >= Volatile.Read(ref _windowLowWater) || _stopping)
            {
                Interlocked.CompareExchange(ref _windowWaiter, null, waiter);
                ObjectDisposedException.ThrowIf(_stopping, this);
                continue;
            }

            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns window permits and wakes the waiting publisher once enough are free.</summary>
    private void ReleaseWindow(int count)
    {
        _window.Release(count);
        var waiter = Volatile.Read(ref _windowWaiter);
        if (waiter is not null && _window.CurrentCount >= Volatile.Read(ref _windowLowWater)
            && Interlocked.CompareExchange(ref _windowWaiter, null, waiter) == waiter)
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>
    /// Waits its turn (gate, window, write lock). QoS 1/2 messages never wait for a connection: while
    /// disconnected they go straight into the session store and leave, in order, with the resend after reconnect.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<MqttReasonCode> PublishSlowAsync(MqttTopicName topic, ReadOnlyMemory<byte> payload, MqttQos qos,
        bool retain, MqttPublishProperties? properties, bool queued, bool windowTaken, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _slowPathCount);
        OutgoingMessage? message;
        var gated = false;
        try
        {
            // One slow publisher at a time: continuations of FIFO waiters run on the pool and could otherwise
            // overtake each other between the window and the write lock.
            await _slowGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            gated = true;
            if (!windowTaken && qos != MqttQos.AtMostOnce)
            {
                await TakeWindowAsync(cancellationToken).ConfigureAwait(false);
                windowTaken = true;
            }

            while (true)
            {
                var connection = _connection;
                if (connection is { IsAborted: true })
                {
                    // Dying but not yet detached: step off this thread (it may be the dying loop's) and look again.
                    await Task.Yield();
                    continue;
                }

                if (connection is null && qos == MqttQos.AtMostOnce)
                {
                    Task connected;
                    lock (_stateLock)
                    {
                        connected = _connected.Task;
                    }

                    await connected.WaitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (connection != _connection)
                    {
                        continue;
                    }

                    if (connection is null)
                    {
                        message = StoreWhileDisconnected(topic, payload, qos, retain, properties, queued);
                    }
                    else
                    {
                        message = WritePublish(connection, topic, payload, qos, retain, properties, queued);
                        await FlushIfDue(connection, queued, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _writeLock.Release();
                }

                break;
            }
        }
        catch
        {
            if (windowTaken)
            {
                ReleaseWindow(1);
            }

            throw;
        }
        finally
        {
            if (gated)
            {
                _slowGate.Release();
            }

            Interlocked.Decrement(ref _slowPathCount);
        }

        return message is null || queued ? MqttReasonCode.Success : await new ValueTask<MqttReasonCode>(message, message.Version).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<MqttReasonCode> FinishSlowAsync(ValueTask<System.IO.Pipelines.FlushResult> flush, OutgoingMessage? message)
    {
        try
        {
            // Back-pressure: the pipe is over its limit until the writer loop drains it.
            await flush.ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        return message is null ? MqttReasonCode.Success : await new ValueTask<MqttReasonCode>(message, message.Version).ConfigureAwait(false);
    }

    /// <summary>Encodes a QoS 1/2 PUBLISH into the session store only (no connection); it is sent by the resend.</summary>
    private OutgoingMessage StoreWhileDisconnected(MqttTopicName topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain,
        MqttPublishProperties? properties, bool queued)
    {
        var version = Options.ProtocolVersion;
        var publish = new MqttPublish { Qos = qos, Retain = retain, Topic = topic.Utf8.Span, Payload = payload.Span };
        if (version == MqttProtocolVersion.V500 && properties is not null)
        {
            publish.Properties = properties.ToProperties();
        }

        var message = _store.Rent();
        message.Qos = qos;
        message.Detached = queued;
        Stamp(message, version, properties);
        _store.Add(message);
        publish.PacketId = message.PacketId;
        message.Reserve(MqttPacketWriter.PublishSize(version, publish));
        _encodeBuffer.Reset(message.Buffer);
        MqttPacketWriter.WritePublish(_encodeBuffer, version, publish);
        return message;
    }

    /// <summary>
    /// Encodes the PUBLISH (under the write lock). QoS 1/2 messages are stored with a fresh packet id before they
    /// are written, so a reconnect can never miss them. Returns the stored message, or null for QoS 0.
    /// </summary>
    private OutgoingMessage? WritePublish(MqttConnection connection, MqttTopicName topic, ReadOnlyMemory<byte> payload,
        MqttQos qos, bool retain, MqttPublishProperties? properties, bool queued)
    {
        var info = connection.Info;
        if (qos > info.MaximumQos)
        {
            throw new InvalidOperationException($"The server accepts QoS up to {info.MaximumQos}; refusing QoS {qos} rather than downgrading it.");
        }

        var v5 = connection.Version == MqttProtocolVersion.V500;
        var publish = new MqttPublish { Qos = qos, Retain = retain, Topic = topic.Utf8.Span, Payload = payload.Span };
        var aliased = false;
        if (v5)
        {
            var props = properties is null ? default : properties.ToProperties();
            if (connection.ServerTopicAliasMaximum > 0)
            {
                if (topic.AliasEpoch == connection.Epoch)
                {
                    // §3.3.2.3.4: once set on this connection, the alias alone stands for the topic.
                    props.TopicAlias = topic.Alias;
                    publish.Topic = default;
                    aliased = true;
                }
                else if (connection.NextTopicAlias <= connection.ServerTopicAliasMaximum)
                {
                    topic.Alias = connection.NextTopicAlias++;
                    topic.AliasEpoch = connection.Epoch;
                    props.TopicAlias = topic.Alias;
                    aliased = true;
                }
            }

            publish.Properties = props;
        }

        if (qos == MqttQos.AtMostOnce)
        {
            CheckSize(info, MqttPacketWriter.PublishSize(connection.Version, publish));
            MqttPacketWriter.WritePublish(connection.Output.Writer, connection.Version, publish);
            return null;
        }

        var message = _store.Rent();
        message.Qos = qos;
        message.AliasedTopic = aliased ? topic : null;
        message.Detached = queued;
        Stamp(message, connection.Version, properties);
        _store.Add(message);
        publish.PacketId = message.PacketId;
        var size = MqttPacketWriter.PublishSize(connection.Version, publish);
        try
        {
            CheckSize(info, size);
        }
        catch
        {
            _store.Remove(message.PacketId);
            _store.Recycle(message);
            throw;
        }

        message.Reserve(size);
        _encodeBuffer.Reset(message.Buffer);
        MqttPacketWriter.WritePublish(_encodeBuffer, connection.Version, publish);
        System.Buffers.BuffersExtensions.Write(connection.Output.Writer, message.Packet);
        return message;
    }

    // The expiry clock starts when the message enters the session: a resend carries only what is left (5.0 §3.3.2.3.3).
    private static void Stamp(OutgoingMessage message, MqttProtocolVersion version, MqttPublishProperties? properties)
    {
        message.ExpiryInterval = version == MqttProtocolVersion.V500 ? properties?.MessageExpiryInterval : null;
        message.StoredAt = Environment.TickCount64;
    }

    private static void CheckSize(MqttConnectedInfo info, int size)
    {
        if (info.MaximumPacketSize is { } max && size > max)
        {
            // §3.1.2.11.4: the client must not send a packet over the server's Maximum Packet Size.
            throw new InvalidOperationException($"PUBLISH of {size} bytes exceeds the server's Maximum Packet Size of {max} bytes.");
        }
    }
}
