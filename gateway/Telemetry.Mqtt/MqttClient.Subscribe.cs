using System.Buffers;
using System.Collections.Concurrent;
using Telemetry.Mqtt.Internal;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt;

/// <summary>One subscription request (MQTT 5.0 §3.8.3.1 options; 3.1.1 uses only the filter and QoS).</summary>
public sealed record MqttSubscriptionRequest(string Filter, MqttQos Qos = MqttQos.AtLeastOnce)
{
    /// <summary>Do not receive our own publications (5.0).</summary>
    public bool NoLocal { get; init; }

    /// <summary>Keep the RETAIN flag as published (5.0).</summary>
    public bool RetainAsPublished { get; init; }

    /// <summary>When retained messages are sent (5.0).</summary>
    public MqttRetainHandling RetainHandling { get; init; }
}

public sealed partial class MqttClient
{
    private readonly ConcurrentDictionary<ushort, TaskCompletionSource<byte[]>> _requests = new();
    private readonly List<MqttSubscriptionRequest> _subscriptions = [];

    /// <summary>
    /// Subscribes and returns one reason code per filter (granted QoS 0–2, or a failure ≥ 0x80). Successful
    /// subscriptions are remembered and renewed whenever the server has lost the session.
    /// </summary>
    public async Task<IReadOnlyList<MqttReasonCode>> SubscribeAsync(IReadOnlyList<MqttSubscriptionRequest> subscriptions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        foreach (var s in subscriptions)
        {
            if (!MqttTopic.IsValidFilter(MqttUtf8.Encode(s.Filter, nameof(subscriptions))))
            {
                throw new ArgumentException($"'{s.Filter}' is not a valid topic filter ('#' only last, '+' a whole level).", nameof(subscriptions));
            }
        }

        var codes = await RequestAsync(MqttPacketType.Subscribe, subscriptions, null, cancellationToken).ConfigureAwait(false);
        lock (_subscriptions)
        {
            for (var i = 0; i < subscriptions.Count && i < codes.Length; i++)
            {
                if (!MqttReasonCodes.IsError((MqttReasonCode)codes[i]))
                {
                    _subscriptions.RemoveAll(s => s.Filter == subscriptions[i].Filter);
                    _subscriptions.Add(subscriptions[i]);
                }
            }
        }

        return Array.ConvertAll(codes, c => (MqttReasonCode)c);
    }

    /// <summary>Unsubscribes; returns one reason code per filter (5.0; 3.1.1 servers report success for all).</summary>
    public async Task<IReadOnlyList<MqttReasonCode>> UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var codes = await RequestAsync(MqttPacketType.Unsubscribe, null, filters, cancellationToken).ConfigureAwait(false);
        lock (_subscriptions)
        {
            _subscriptions.RemoveAll(s => filters.Contains(s.Filter));
        }

        return codes.Length == 0 ? [.. filters.Select(_ => MqttReasonCode.Success)] : Array.ConvertAll(codes, c => (MqttReasonCode)c);
    }

    private async Task<byte[]> RequestAsync(MqttPacketType type, IReadOnlyList<MqttSubscriptionRequest>? subscribe,
        IReadOnlyList<string>? unsubscribe, CancellationToken cancellationToken)
    {
        var id = _store.ReserveId();
        var completion = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[id] = completion;
        try
        {
            while (true)
            {
                var connection = _connection;
                if (connection is null)
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

                    WriteRequest(connection, type, id, subscribe, unsubscribe);
                    await connection.Output.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _writeLock.Release();
                }

                break;
            }

            return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _requests.TryRemove(id, out _);
            _store.ReleaseId(id);
        }
    }

    private static void WriteRequest(MqttConnection connection, MqttPacketType type, ushort id,
        IReadOnlyList<MqttSubscriptionRequest>? subscribe, IReadOnlyList<string>? unsubscribe)
    {
        var entries = new ArrayBufferWriter<byte>();
        if (type == MqttPacketType.Subscribe)
        {
            foreach (var s in subscribe!)
            {
                var entry = new MqttSubscription(MqttUtf8.Encode(s.Filter, nameof(subscribe)), s.Qos, s.NoLocal, s.RetainAsPublished, s.RetainHandling);
                MqttPacketWriter.AppendSubscription(entries, connection.Version, entry);
            }

            MqttPacketWriter.WriteSubscribe(connection.Output.Writer, connection.Version,
                new MqttSubscribe { PacketId = id, Entries = entries.WrittenSpan });
        }
        else
        {
            foreach (var filter in unsubscribe!)
            {
                MqttPacketWriter.AppendUnsubscription(entries, MqttUtf8.Encode(filter, nameof(unsubscribe)));
            }

            MqttPacketWriter.WriteUnsubscribe(connection.Output.Writer, connection.Version,
                new MqttUnsubscribe { PacketId = id, Entries = entries.WrittenSpan });
        }
    }

    /// <summary>Renews every remembered subscription on a connection whose server lost our session.</summary>
    private void WriteResubscribe(MqttConnection connection)
    {
        MqttSubscriptionRequest[] all;
        lock (_subscriptions)
        {
            all = [.. _subscriptions];
        }

        if (all.Length > 0)
        {
            // Nobody awaits this SUBACK; its id is released when the SUBACK arrives.
            var id = _store.ReserveId();
            _requests[id] = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            WriteRequest(connection, MqttPacketType.Subscribe, id, all, null);
            _resubscribeIds.Enqueue(id);
        }
    }

    private readonly ConcurrentQueue<ushort> _resubscribeIds = new();

    private void CompleteRequest(ushort packetId, ReadOnlySpan<byte> reasonCodes)
    {
        if (_requests.TryRemove(packetId, out var completion))
        {
            completion.TrySetResult(reasonCodes.ToArray());
            if (_resubscribeIds.TryPeek(out var pending) && pending == packetId && _resubscribeIds.TryDequeue(out _))
            {
                _store.ReleaseId(packetId);
            }
        }
    }
}
