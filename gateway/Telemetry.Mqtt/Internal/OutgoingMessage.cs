using System.Buffers;
using System.Threading.Tasks.Sources;

namespace Telemetry.Mqtt.Internal;

/// <summary>Where a QoS 1/2 message stands in its handshake (MQTT 5.0 §4.3).</summary>
internal enum OutgoingState : byte
{
    /// <summary>PUBLISH sent or queued; waiting for PUBACK (QoS 1) or PUBREC (QoS 2).</summary>
    AwaitingAck,

    /// <summary>PUBREC received and PUBREL sent; waiting for PUBCOMP.</summary>
    AwaitingComplete,
}

/// <summary>
/// One in-flight QoS 1/2 PUBLISH: its encoded bytes (kept for DUP resend after a reconnect), its handshake state and
/// the completion the publisher awaits. Pooled, and the awaited <see cref="ValueTask{T}"/> is backed by this object,
/// so a publish allocates nothing once the pool is warm.
/// </summary>
internal sealed class OutgoingMessage : IValueTaskSource<Packets.MqttReasonCode>
{
    private ManualResetValueTaskSourceCore<Packets.MqttReasonCode> _core = new() { RunContinuationsAsynchronously = true };
    private byte[] _packet = [];

    public ushort PacketId { get; set; }

    /// <summary>Order of submission: resends go out in this order.</summary>
    public long Sequence { get; set; }

    public OutgoingState State { get; set; }

    public Packets.MqttQos Qos { get; set; }

    /// <summary>
    /// Queued with <c>EnqueueAsync</c>: nobody awaits the outcome, so the acknowledgement hands the object straight back
    /// to the pool (no continuation, no thread-pool hop) instead of completing the awaited source.
    /// </summary>
    public bool Detached { get; set; }

    /// <summary>MQTT 5.0 Message Expiry Interval the PUBLISH was stored with (seconds), or null.</summary>
    public uint? ExpiryInterval { get; set; }

    /// <summary>Environment.TickCount64 (monotonic) when the message was stored: the expiry counts from here.</summary>
    public long StoredAt { get; set; }

    /// <summary>Topic to restore when the stored PUBLISH used an alias with an empty topic (aliases die with the link).</summary>
    public MqttTopicName? AliasedTopic { get; set; }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Packet => _packet.AsSpan(0, Length);

    public short Version => _core.Version;

    /// <summary>The buffer <see cref="Reserve"/> sized (may be longer than <see cref="Length"/>).</summary>
    public byte[] Buffer => _packet;

    /// <summary>Gets a buffer of at least <paramref name="size"/> bytes to encode the PUBLISH into.</summary>
    public Span<byte> Reserve(int size)
    {
        if (_packet.Length < size)
        {
            if (_packet.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_packet);
            }

            _packet = ArrayPool<byte>.Shared.Rent(size);
        }

        Length = size;
        return _packet.AsSpan(0, size);
    }

    /// <summary>Marks the stored PUBLISH as a re-delivery (DUP flag, §3.3.1.1).</summary>
    public void SetDup() => _packet[0] |= 0x08;

    /// <summary>After PUBREC the PUBLISH is never sent again; keep the buffer for reuse but forget the bytes.</summary>
    public void DropPacket() => Length = 0;

    public void Complete(Packets.MqttReasonCode reason) => _core.SetResult(reason);

    public void Fail(Exception error) => _core.SetException(error);

    public void Reset()
    {
        _core.Reset();
        Length = 0;
        AliasedTopic = null;
        Detached = false;
        ExpiryInterval = null;
        State = OutgoingState.AwaitingAck;
        PacketId = 0;
    }

    public Packets.MqttReasonCode GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Returned?.Invoke(this);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Set by the pool: hands the object back once the publisher has read the result.</summary>
    public Action<OutgoingMessage>? Returned { get; set; }
}
