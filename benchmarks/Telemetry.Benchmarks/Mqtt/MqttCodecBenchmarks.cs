using System.Buffers;
using BenchmarkDotNet.Attributes;
using Telemetry.Mqtt.Packets;
using Telemetry.Protocols.Framing;

namespace Telemetry.Benchmarks.Mqtt;

/// <summary>Encode and decode cost of every MQTT packet type (5.0 unless named 311); every one must allocate 0 B.</summary>
[MemoryDiagnoser]
public class MqttCodecBenchmarks
{
    private static readonly byte[] Topic = "dm/gw01/det"u8.ToArray();
    private static readonly byte[] Payload = new byte[100];
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private byte[] _publish5 = [];
    private byte[] _publish311 = [];
    private byte[] _connect = [];
    private byte[] _connAck = [];
    private byte[] _subscribe = [];
    private byte[] _subAck = [];
    private byte[] _unsubscribe = [];
    private byte[] _disconnect = [];
    private byte[] _userProperties = [];
    private byte[] _subscribeEntries = [];
    private readonly byte[] _pubAck = [0x40, 0x02, 0x00, 0x0A];

    [GlobalSetup]
    public void Setup()
    {
        var block = new ArrayBufferWriter<byte>();
        MqttUserProperties.Append(block, "rig"u8, "gw01"u8);
        _userProperties = block.WrittenSpan.ToArray();
        var entries = new ArrayBufferWriter<byte>();
        MqttPacketWriter.AppendSubscription(entries, MqttProtocolVersion.V500, new MqttSubscription("dm/+/det/#"u8, MqttQos.AtLeastOnce, noLocal: true));
        _subscribeEntries = entries.WrittenSpan.ToArray();
        _publish5 = Capture(w => EncodePublish5(w));
        _publish311 = Capture(w => MqttPacketWriter.WritePublish(w, MqttProtocolVersion.V311,
            new MqttPublish { Qos = MqttQos.AtLeastOnce, Topic = Topic, PacketId = 7, Payload = Payload }));
        _connect = Capture(w => EncodeConnect(w));
        _connAck = Capture(w => MqttPacketWriter.WriteConnAck(w, MqttProtocolVersion.V500,
            new MqttConnAck { Properties = new MqttProperties { ReceiveMaximum = 100, TopicAliasMaximum = 10, MaximumPacketSize = 1 << 20 } }));
        _subscribe = Capture(w => MqttPacketWriter.WriteSubscribe(w, MqttProtocolVersion.V500, new MqttSubscribe { PacketId = 3, Entries = _subscribeEntries }));
        _subAck = Capture(w => MqttPacketWriter.WriteSubAck(w, MqttProtocolVersion.V500, new MqttSubAck { Type = MqttPacketType.SubAck, PacketId = 3, ReasonCodes = [1] }));
        var unsub = new ArrayBufferWriter<byte>();
        MqttPacketWriter.AppendUnsubscription(unsub, "dm/+/det/#"u8);
        _unsubscribe = Capture(w => MqttPacketWriter.WriteUnsubscribe(w, MqttProtocolVersion.V500, new MqttUnsubscribe { PacketId = 4, Entries = unsub.WrittenSpan }));
        _disconnect = Capture(w => MqttPacketWriter.WriteDisconnect(w, MqttProtocolVersion.V500,
            new MqttDisconnect { ReasonCode = MqttReasonCode.ServerShuttingDown, Properties = new MqttProperties { ReasonString = "bye"u8 } }));
    }

    [Benchmark]
    public int EncodePublishQos1V5() => Reset(EncodePublish5(_output));

    [Benchmark]
    public int EncodePublishQos1V311() => Reset(MqttPacketWriter.WritePublish(_output, MqttProtocolVersion.V311,
        new MqttPublish { Qos = MqttQos.AtLeastOnce, Topic = Topic, PacketId = 7, Payload = Payload }));

    [Benchmark]
    public int DecodePublishV5()
    {
        MqttPacketDecoder.DecodePublish(_publish5, MqttProtocolVersion.V500, out var p);
        return p.Payload.Length + p.PacketId;
    }

    [Benchmark]
    public int DecodePublishV311()
    {
        MqttPacketDecoder.DecodePublish(_publish311, MqttProtocolVersion.V311, out var p);
        return p.Payload.Length + p.PacketId;
    }

    [Benchmark]
    public int FramePublish()
    {
        var buffer = new ReadOnlySequence<byte>(_publish5);
        return MqttFramer.TryReadPacket(ref buffer, 1 << 20, MqttProtocolVersion.V500, out var packet, out _) == FrameStatus.Complete
            ? (int)packet.Length : -1;
    }

    [Benchmark]
    public int EncodePubAck() => Reset(MqttPacketWriter.WritePublishAck(_output, MqttPacketType.PubAck, 10));

    [Benchmark]
    public int DecodePubAck()
    {
        MqttPacketDecoder.DecodePublishAck(_pubAck, MqttProtocolVersion.V500, out var a);
        return a.PacketId;
    }

    [Benchmark]
    public int EncodeConnect() => Reset(EncodeConnect(_output));

    [Benchmark]
    public int DecodeConnect()
    {
        MqttPacketDecoder.DecodeConnect(_connect, out var c);
        return c.ClientId.Length;
    }

    [Benchmark]
    public int DecodeConnAck()
    {
        MqttPacketDecoder.DecodeConnAck(_connAck, MqttProtocolVersion.V500, out var a);
        return a.Properties.ReceiveMaximum ?? 0;
    }

    [Benchmark]
    public int EncodeSubscribe() => Reset(MqttPacketWriter.WriteSubscribe(_output, MqttProtocolVersion.V500,
        new MqttSubscribe { PacketId = 3, Entries = _subscribeEntries }));

    [Benchmark]
    public int DecodeSubscribe()
    {
        MqttPacketDecoder.DecodeSubscribe(_subscribe, MqttProtocolVersion.V500, out var s);
        var n = 0;
        foreach (var entry in s)
        {
            n += entry.Filter.Length;
        }

        return n;
    }

    [Benchmark]
    public int DecodeSubAck()
    {
        MqttPacketDecoder.DecodeSubAck(_subAck, MqttProtocolVersion.V500, out var a);
        return a.ReasonCodes.Length;
    }

    [Benchmark]
    public int DecodeUnsubscribe()
    {
        MqttPacketDecoder.DecodeUnsubscribe(_unsubscribe, MqttProtocolVersion.V500, out var u);
        return u.Entries.Length;
    }

    [Benchmark]
    public int DecodeDisconnect()
    {
        MqttPacketDecoder.DecodeDisconnect(_disconnect, MqttProtocolVersion.V500, out var d);
        return (int)d.ReasonCode;
    }

    [Benchmark]
    public int EncodePingReq() => Reset(MqttPacketWriter.WritePingReq(_output));

    private int EncodePublish5(IBufferWriter<byte> output) => MqttPacketWriter.WritePublish(output, MqttProtocolVersion.V500, new MqttPublish
    {
        Qos = MqttQos.AtLeastOnce,
        Topic = Topic,
        PacketId = 7,
        Payload = Payload,
        Properties = new MqttProperties { PayloadFormatIndicator = 1, ContentType = "application/json"u8, UserProperties = _userProperties },
    });

    private static int EncodeConnect(IBufferWriter<byte> output) => MqttPacketWriter.WriteConnect(output, new MqttConnect
    {
        ProtocolVersion = MqttProtocolVersion.V500,
        CleanStart = true,
        KeepAlive = 30,
        ClientId = "gw01"u8,
        HasUserName = true,
        UserName = "rig"u8,
        HasPassword = true,
        Password = "s3cret"u8,
        Properties = new MqttProperties { SessionExpiryInterval = 3600, ReceiveMaximum = 100 },
    });

    private int Reset(int written)
    {
        _output.ResetWrittenCount();
        return written;
    }

    private static byte[] Capture(Func<IBufferWriter<byte>, int> encode)
    {
        var w = new ArrayBufferWriter<byte>();
        encode(w);
        return w.WrittenSpan.ToArray();
    }
}
