using System.Buffers;
using System.Net.Sockets;
using Telemetry.Mqtt.Packets;
using Telemetry.Protocols.Framing;

namespace Telemetry.Broker.Tests.Support;

/// <summary>
/// A minimal client built on our codec (Telemetry.Mqtt.Packets): sends exactly the packets a test writes and returns
/// every packet the broker sends, so protocol details (reason codes, aliases, DUP, ids) can be asserted.
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _readBuffer = new byte[1 << 16];
    private byte[] _pending = [];

    private RawClient(TcpClient tcp, MqttProtocolVersion version)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        Version = version;
    }

    public MqttProtocolVersion Version { get; }

    public static async Task<RawClient> OpenAsync(int port, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        return new RawClient(tcp, version);
    }

    /// <summary>Opens a connection, sends CONNECT and returns the CONNACK's reason code and session-present flag.</summary>
    public static async Task<(RawClient Client, MqttReasonCode Reason, bool SessionPresent, byte[] ConnAck)> ConnectAsync(
        int port, string clientId, MqttProtocolVersion version = MqttProtocolVersion.V500, bool cleanStart = true,
        ushort keepAlive = 60, uint? sessionExpiry = null, ushort? receiveMaximum = null, uint? maximumPacketSize = null,
        string? user = null, string? password = null, string? willTopic = null, string? willPayload = null, uint? willDelay = null)
    {
        var client = await OpenAsync(port, version);
        var w = new ArrayBufferWriter<byte>();
        var connect = new MqttConnect
        {
            ProtocolVersion = version,
            CleanStart = cleanStart,
            KeepAlive = keepAlive,
            ClientId = System.Text.Encoding.UTF8.GetBytes(clientId),
        };
        var props = default(MqttProperties);
        props.SessionExpiryInterval = sessionExpiry;
        props.ReceiveMaximum = receiveMaximum;
        props.MaximumPacketSize = maximumPacketSize;
        connect.Properties = props;
        if (user is not null)
        {
            connect.HasUserName = true;
            connect.UserName = System.Text.Encoding.UTF8.GetBytes(user);
        }

        if (password is not null)
        {
            connect.HasPassword = true;
            connect.Password = System.Text.Encoding.UTF8.GetBytes(password);
        }

        if (willTopic is not null)
        {
            connect.HasWill = true;
            connect.WillTopic = System.Text.Encoding.UTF8.GetBytes(willTopic);
            connect.WillPayload = System.Text.Encoding.UTF8.GetBytes(willPayload ?? string.Empty);
            connect.WillQos = MqttQos.AtLeastOnce;
            var willProps = default(MqttProperties);
            willProps.WillDelayInterval = willDelay;
            connect.WillProperties = willProps;
        }

        MqttPacketWriter.WriteConnect(w, connect);
        await client.SendAsync(w.WrittenMemory);
        var ack = await client.ReceiveAsync();
        Assert.Equal(MqttPacketType.ConnAck, MqttPacketDecoder.TypeOf(ack));
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeConnAck(ack, version, out var connAck));
        return (client, connAck.ReasonCode, connAck.SessionPresent, ack);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes) => await _stream.WriteAsync(bytes);

    public Task SendAsync(Action<IBufferWriter<byte>> encode)
    {
        var w = new ArrayBufferWriter<byte>();
        encode(w);
        return SendAsync(w.WrittenMemory);
    }

    public Task PublishAsync(string topic, string payload, MqttQos qos = MqttQos.AtMostOnce, ushort packetId = 0, bool retain = false, ushort? topicAlias = null, uint? messageExpiry = null, bool dup = false)
    {
        var w = new ArrayBufferWriter<byte>();
        var publish = new MqttPublish
        {
            Topic = System.Text.Encoding.UTF8.GetBytes(topic),
            Payload = System.Text.Encoding.UTF8.GetBytes(payload),
            Qos = qos,
            PacketId = packetId,
            Retain = retain,
            Dup = dup,
        };
        var props = default(MqttProperties);
        props.TopicAlias = topicAlias;
        props.MessageExpiryInterval = messageExpiry;
        publish.Properties = props;
        MqttPacketWriter.WritePublish(w, Version, publish);
        return SendAsync(w.WrittenMemory);
    }

    public Task SubscribeAsync(ushort packetId, string filter, MqttQos qos, bool noLocal = false)
    {
        var entries = new ArrayBufferWriter<byte>();
        MqttPacketWriter.AppendSubscription(entries, Version, new MqttSubscription(System.Text.Encoding.UTF8.GetBytes(filter), qos, noLocal));
        var w = new ArrayBufferWriter<byte>();
        MqttPacketWriter.WriteSubscribe(w, Version, new MqttSubscribe { PacketId = packetId, Entries = entries.WrittenSpan });
        return SendAsync(w.WrittenMemory);
    }

    public Task AckAsync(MqttPacketType type, ushort packetId) =>
        SendAsync(w => MqttPacketWriter.WritePublishAck(w, type, packetId));

    /// <summary>Next whole packet from the broker; fails the test after <paramref name="timeout"/> (default 10 s).</summary>
    public async Task<byte[]> ReceiveAsync(TimeSpan? timeout = null)
    {
        return await TryReceiveAsync(timeout ?? TimeSpan.FromSeconds(10)) ?? throw new InvalidOperationException("the broker closed the connection or sent nothing in time");
    }

    /// <summary>Next packet, or null when the broker closes the connection (or nothing comes in time).</summary>
    public async Task<byte[]?> TryReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var buffer = new ReadOnlySequence<byte>(_pending);
            var status = MqttFramer.TryReadPacket(ref buffer, 1 << 24, Version, out var packet, out _);
            if (status == FrameStatus.Complete)
            {
                var bytes = packet.ToArray();
                _pending = buffer.ToArray();
                return bytes;
            }

            Assert.NotEqual(FrameStatus.Invalid, status);
            int read;
            try
            {
                read = await _stream.ReadAsync(_readBuffer, cts.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            _pending = [.. _pending, .. _readBuffer.AsSpan(0, read)];
        }
    }

    /// <summary>Reads until the broker closes the connection; returns the packets seen on the way.</summary>
    public async Task<List<byte[]>> DrainUntilClosedAsync(TimeSpan timeout)
    {
        var packets = new List<byte[]>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var packet = await TryReceiveAsync(deadline - DateTime.UtcNow);
            if (packet is null)
            {
                return packets;
            }

            packets.Add(packet);
        }

        Assert.Fail("the broker did not close the connection in time");
        return packets;
    }

    public void Kill() => _tcp.Client.Close(0);

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    public static string Text(ReadOnlySpan<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes);
}
