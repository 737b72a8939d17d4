using System.Buffers;
using Telemetry.Mqtt.Packets;
using Telemetry.Protocols.Framing;
using Telemetry.TestKit;

namespace Telemetry.Mqtt.Tests.Codec;

public sealed class FramerTests
{
    public static TheoryData<string> ValidNames() => new(CodecVectors.Valid.Select(v => v.Name));

    public static TheoryData<string> InvalidNames() => new(CodecVectors.Invalid.Select(v => v.Name));

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_vector_frames_at_every_split_and_decodes(string name)
    {
        var (_, version, bytes) = CodecVectors.Valid.Single(v => v.Name == name);
        foreach (var (shape, sequence) in Segmentation.AllShapes(bytes))
        {
            var buffer = sequence;
            var status = MqttFramer.TryReadPacket(ref buffer, 1 << 20, version, out var packet, out var reason);
            Assert.True(status == FrameStatus.Complete, $"{name} {shape}: {status} {reason}");
            Assert.Equal(bytes.Length, packet.Length);
            Assert.True(buffer.IsEmpty, shape);
            var span = FrameBytes.Contiguous(packet, new byte[bytes.Length]);
            Assert.Equal(bytes, span.ToArray());
            Assert.Equal(MqttReasonCode.Success, CodecVectors.Decode(span, version));
        }
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Every_strict_prefix_needs_more_data_and_keeps_the_buffer(string name)
    {
        var (_, version, bytes) = CodecVectors.Valid.Single(v => v.Name == name);
        foreach (var prefix in Segmentation.StrictPrefixes(bytes))
        {
            var buffer = prefix;
            var status = MqttFramer.TryReadPacket(ref buffer, 1 << 20, version, out _, out _);
            Assert.Equal(FrameStatus.NeedMoreData, status);
            Assert.Equal(prefix.Length, buffer.Length);
        }
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_vector_is_refused_with_its_reason_code(string name)
    {
        var (_, version, bytes, expected) = CodecVectors.Invalid.Single(v => v.Name == name);
        foreach (var (shape, sequence) in Segmentation.AllShapes(bytes))
        {
            var buffer = sequence;
            var status = MqttFramer.TryReadPacket(ref buffer, 1 << 20, version, out var packet, out var reason);
            if (status == FrameStatus.Complete)
            {
                reason = CodecVectors.Decode(FrameBytes.Contiguous(packet, new byte[bytes.Length]), version);
            }
            else
            {
                Assert.Equal(FrameStatus.Invalid, status);
                Assert.True(buffer.IsEmpty, "a session framer drops everything after a failure");
            }

            Assert.True(expected == reason, $"{name} {shape}: expected {expected}, got {reason}");
        }
    }

    [Fact]
    public void Packet_over_the_maximum_size_is_packet_too_large()
    {
        // PUBLISH with remaining length 11 (13 bytes in all) against a 12-byte maximum.
        var bytes = CodecVectors.Hex("30 0B 00 03 61 2F 62 68 65 6C 6C 6F 21");
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(FrameStatus.Invalid, MqttFramer.TryReadPacket(ref buffer, 12, null, out _, out var reason));
        Assert.Equal(MqttReasonCode.PacketTooLarge, reason);
        buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(FrameStatus.Complete, MqttFramer.TryReadPacket(ref buffer, 13, null, out _, out _));
    }

    [Fact]
    public void Two_packets_back_to_back_are_cut_one_by_one()
    {
        byte[] bytes = [.. CodecVectors.Hex("40 02 00 0A"), .. CodecVectors.Hex("D0 00")];
        foreach (var (shape, sequence) in Segmentation.AllShapes(bytes))
        {
            var buffer = sequence;
            Assert.Equal(FrameStatus.Complete, MqttFramer.TryReadPacket(ref buffer, 100, MqttProtocolVersion.V311, out var first, out _));
            Assert.Equal(4, first.Length);
            Assert.Equal(FrameStatus.Complete, MqttFramer.TryReadPacket(ref buffer, 100, MqttProtocolVersion.V311, out var second, out _));
            Assert.Equal(2, second.Length);
            Assert.True(buffer.IsEmpty, shape);
        }
    }

    [Fact]
    public void Framer_drives_the_shared_scanner_and_counts_rejections()
    {
        var framer = new MqttFramer(100, MqttProtocolVersion.V311);
        var counters = new FrameCounters();
        var handler = new CountingHandler();
        var buffer = new ReadOnlySequence<byte>([.. CodecVectors.Hex("C0 00 D0 00"), .. CodecVectors.Hex("41 02 00 01 C0 00")]);
        FrameScanner.Scan(ref buffer, framer, ref handler, counters, isFinal: false);
        Assert.Equal(2, counters.Frames);
        Assert.Equal(1, counters.Rejected(FrameError.BadHeader));
        Assert.Equal(MqttReasonCode.MalformedPacket, framer.LastError);
    }

    private struct CountingHandler : IFrameHandler
    {
        public void OnFrame(in ReadOnlySequence<byte> frame)
        {
        }

        public void OnRejected(FrameError error, long byteCount)
        {
        }
    }
}
