using System.Buffers;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Mavlink.Messages;

namespace Telemetry.Protocols.Tests.Mavlink;

public sealed class MavlinkFramerTests
{
    public static TheoryData<string> VectorNames => ["Heartbeat", "GlobalPositionInt", "SurveyDetection", "HeartbeatV1", "Attitude", "GpsRawInt"];

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Vector_frames_in_every_segmentation(string name)
        => FramerHarness.AssertOneFrameInEveryShape(() => new MavlinkFramer(), Vector(name));

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Every_strict_prefix_needs_more_data_and_keeps_the_buffer(string name)
        => FramerHarness.AssertStrictPrefixesNeedMoreData(() => new MavlinkFramer(), Vector(name));

    [Fact]
    public void Heartbeat_decodes_to_the_domain_values()
    {
        Assert.True(MavlinkReader.TryCreate(MavlinkVectors.Heartbeat, out var reader));
        Assert.Equal(2, reader.Header.Version);
        Assert.Equal((byte)1, reader.Header.SystemId);
        Assert.True(reader.TryRead<Heartbeat>(out var hb));
        Assert.Equal((byte)2, hb.Type);
        Assert.Equal((byte)3, hb.Autopilot);
        Assert.Equal((byte)0x51, hb.BaseMode);
        Assert.Equal((byte)4, hb.SystemStatus);
        Assert.Equal((byte)3, hb.MavlinkVersion);
        Assert.Equal(0u, hb.CustomMode);
        Assert.False(reader.TryRead<Attitude>(out _));
    }

    [Fact]
    public void Global_position_int_decodes_to_the_domain_values()
    {
        Assert.True(MavlinkReader.TryCreate(MavlinkVectors.GlobalPositionInt, out var reader));
        Assert.Equal((byte)7, reader.Header.Sequence);
        Assert.True(reader.TryRead<GlobalPositionInt>(out var gpi));
        Assert.Equal(123456u, gpi.TimeBootMs);
        Assert.Equal(399931000, gpi.Lat);
        Assert.Equal(469300000, gpi.Lon);
        Assert.Equal(350000, gpi.Alt);
        Assert.Equal(15000, gpi.RelativeAlt);
        Assert.Equal((short)500, gpi.Vx);
        Assert.Equal((short)0, gpi.Vy);
        Assert.Equal((ushort)9000, gpi.Hdg);
    }

    [Fact]
    public void Truncated_payloads_read_back_with_zeros_restored()
    {
        Assert.True(MavlinkReader.TryCreate(MavlinkVectors.SurveyDetection, out var reader));
        Assert.Equal(46, reader.Payload.Length);
        Assert.True(reader.TryRead<SurveyDetection>(out var sd));
        Assert.Equal(1763900000000000UL, sd.TimeUsec);
        Assert.Equal(42u, sd.DetectionId);
        Assert.Equal(399931000, sd.Lat);
        Assert.Equal(12.5f, sd.Signal);
        Assert.Equal((ushort)15, sd.HAcc);
        Assert.Equal((ushort)150, sd.Agl);
        Assert.Equal((byte)87, sd.Confidence);
        Assert.Equal("MAG-ANOMALY"u8.ToArray(), sd.Label[..11].ToArray());
        Assert.All(sd.Label[11..].ToArray(), b => Assert.Equal(0, b));
        Assert.Equal((ushort)0, sd.ImageIdx);

        Assert.True(MavlinkReader.TryCreate(MavlinkMoreVectors.GpsRawInt, out var gps));
        Assert.True(gps.TryRead<GpsRawInt>(out var raw));
        Assert.Equal((byte)6, raw.FixType);
        Assert.Equal((byte)17, raw.SatellitesVisible);
        Assert.Equal(12u, raw.HAcc);
        Assert.Equal(20u, raw.VAcc);
        Assert.Equal(0u, raw.HdgAcc);

        Assert.True(MavlinkReader.TryCreate(MavlinkMoreVectors.Attitude, out var att));
        Assert.True(att.TryRead<Attitude>(out var a));
        Assert.Equal(0.1f, a.Roll);
        Assert.Equal(-0.2f, a.Pitch);
        Assert.Equal(1.5f, a.Yaw);
        Assert.Equal(0f, a.Yawspeed);
    }

    [Fact]
    public void Mavlink1_frame_reads_with_v1_header()
    {
        Assert.True(MavlinkReader.TryCreate(MavlinkMoreVectors.HeartbeatV1, out var reader));
        Assert.Equal(1, reader.Header.Version);
        Assert.Equal((byte)5, reader.Header.Sequence);
        Assert.True(reader.TryRead<Heartbeat>(out var hb));
        Assert.Equal((byte)0x51, hb.BaseMode);
    }

    [Fact]
    public void Every_single_byte_corruption_costs_at_most_that_frame()
    {
        var good = MavlinkVectors.GlobalPositionInt;
        // Trailing heartbeats (> one maximal frame) let a corrupted length byte be disproved by its CRC before the
        // stream ends; at end of stream the scanner would otherwise count the wait as truncation.
        var tail = Enumerable.Repeat(MavlinkVectors.Heartbeat, 14).SelectMany(h => h);
        var stream = MavlinkVectors.Heartbeat.Concat(good).Concat(MavlinkVectors.SurveyDetection).Concat(tail).ToArray();
        var first = MavlinkVectors.Heartbeat.Length;
        for (var i = 0; i < good.Length; i++)
        {
            foreach (var flip in new byte[] { 0x01, 0x80, 0xFF })
            {
                var corrupted = (byte[])stream.Clone();
                corrupted[first + i] ^= flip;
                var result = FramerHarness.Run(new MavlinkFramer(), corrupted);
                Assert.Contains(MavlinkVectors.Heartbeat, result.Frames);
                Assert.Contains(MavlinkVectors.SurveyDetection, result.Frames);
                // Anything else accepted must be an unknown id (flagged, never decoded): a known id proves its CRC.
                foreach (var frame in result.Frames.Where(f => !MavlinkVectors.All.Any(v => v.AsSpan().SequenceEqual(f))))
                {
                    Assert.True(MavlinkReader.TryCreate(frame, out var reader));
                    Assert.False(reader.IsKnown, $"corrupted byte {i} ^ {flip:X2} accepted as a known message");
                }
            }
        }
    }

    [Fact]
    public void Bad_crc_skips_only_the_start_byte_and_the_next_frame_survives()
    {
        var bad = (byte[])MavlinkVectors.Heartbeat.Clone();
        bad[^1] ^= 0x55;
        var result = FramerHarness.Run(new MavlinkFramer(), [.. bad, .. MavlinkVectors.GlobalPositionInt]);
        Assert.Equal([MavlinkVectors.GlobalPositionInt], result.Frames);
        Assert.Equal(1, result.Counters.Rejected(FrameError.Checksum));
        Assert.Equal(bad.Length, result.Counters.RejectedBytes);
    }

    [Fact]
    public void Noise_between_frames_is_counted_and_skipped()
    {
        byte[] noise = [0x00, 0x11, 0x22, 0x33];
        var result = FramerHarness.Run(new MavlinkFramer(), [.. noise, .. MavlinkVectors.Heartbeat, .. noise, .. MavlinkVectors.GlobalPositionInt]);
        Assert.Equal([MavlinkVectors.Heartbeat, MavlinkVectors.GlobalPositionInt], result.Frames);
        Assert.Equal(2, result.Counters.Rejected(FrameError.Noise));
        Assert.Equal(8, result.Counters.RejectedBytes);
    }

    [Fact]
    public void Unknown_incompat_flag_is_rejected_as_unsupported()
    {
        var frame = (byte[])MavlinkVectors.Heartbeat.Clone();
        frame[2] = 0x02;
        var result = FramerHarness.Run(new MavlinkFramer(), [.. frame, .. MavlinkVectors.GlobalPositionInt]);
        Assert.Equal([MavlinkVectors.GlobalPositionInt], result.Frames);
        Assert.Equal(1, result.Counters.Rejected(FrameError.Unsupported));
    }

    [Fact]
    public void Unknown_message_id_is_framed_counted_and_flagged_when_a_frame_follows()
    {
        // msgid 0x0ABCDE with a 3-byte payload; its CRC cannot be checked, so the look-ahead decides.
        byte[] unknown = [0xFD, 0x03, 0x00, 0x00, 0x01, 0x01, 0x01, 0xDE, 0xBC, 0x0A, 0x01, 0x02, 0x03, 0x12, 0x34];
        var framer = new MavlinkFramer();
        var result = FramerHarness.Run(framer, [.. unknown, .. MavlinkVectors.Heartbeat]);
        Assert.Equal([unknown, MavlinkVectors.Heartbeat], result.Frames);
        Assert.Equal(1, framer.Stats.UnknownMessages);
        Assert.True(MavlinkReader.TryCreate(unknown, out var reader));
        Assert.False(reader.IsKnown);
        Assert.Equal(0x0ABCDEu, reader.Header.MessageId);
    }

    [Fact]
    public void Unknown_message_id_followed_by_garbage_is_noise_and_does_not_swallow_the_next_frame()
    {
        // A stray FD whose "length" would cover the following heartbeat.
        byte[] stray = [0xFD, 0x10, 0x00, 0x00, 0x01, 0x01, 0x01, 0xDE, 0xBC, 0x0A];
        var framer = new MavlinkFramer();
        var result = FramerHarness.Run(framer, [.. stray, .. MavlinkVectors.Heartbeat, 0x42, .. MavlinkVectors.GlobalPositionInt]);
        Assert.Equal([MavlinkVectors.Heartbeat, MavlinkVectors.GlobalPositionInt], result.Frames);
        Assert.Equal(0, framer.Stats.UnknownMessages);
    }

    [Fact]
    public void Truncated_stream_end_is_counted()
    {
        var cut = MavlinkVectors.GlobalPositionInt[..20];
        var result = FramerHarness.Run(new MavlinkFramer(), [.. MavlinkVectors.Heartbeat, .. cut]);
        Assert.Equal([MavlinkVectors.Heartbeat], result.Frames);
        Assert.Equal(1, result.Counters.Rejected(FrameError.Truncated));
    }

    [Fact]
    public async Task Frames_from_a_pipe_loop_match_the_scanner()
    {
        var stream = MavlinkVectors.All.SelectMany(v => v).ToArray();
        var pipe = new System.IO.Pipelines.Pipe();
        var counters = new FrameCounters();
        var handler = new CountingHandler();
        var run = FrameReaderLoop.RunAsync(pipe.Reader, new MavlinkFramer(), handler, counters, TestContext.Current.CancellationToken).AsTask();
        foreach (var b in stream)
        {
            pipe.Writer.Write([b]);
            await pipe.Writer.FlushAsync(TestContext.Current.CancellationToken);
        }

        await pipe.Writer.CompleteAsync();
        await run;
        Assert.Equal(MavlinkVectors.All.Length, counters.Frames);
        Assert.Equal(0, counters.RejectedTotal);
    }

    private static byte[] Vector(string name) => name switch
    {
        "Heartbeat" => MavlinkVectors.Heartbeat,
        "GlobalPositionInt" => MavlinkVectors.GlobalPositionInt,
        "SurveyDetection" => MavlinkVectors.SurveyDetection,
        "HeartbeatV1" => MavlinkMoreVectors.HeartbeatV1,
        "Attitude" => MavlinkMoreVectors.Attitude,
        "GpsRawInt" => MavlinkMoreVectors.GpsRawInt,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private readonly struct CountingHandler : IFrameHandler
    {
        public void OnFrame(in ReadOnlySequence<byte> frame) => Assert.True(frame.Length > 0);

        public void OnRejected(FrameError error, long byteCount) => Assert.Fail($"rejected {error}");
    }
}
