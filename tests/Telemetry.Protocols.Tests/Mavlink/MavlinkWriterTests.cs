using System.Buffers;
using System.Text.Json;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Mavlink.Messages;

namespace Telemetry.Protocols.Tests.Mavlink;

public sealed class MavlinkWriterTests
{
    [Fact]
    public void Writer_reproduces_the_independent_vectors()
    {
        Assert.Equal(MavlinkVectors.Heartbeat, Write(w => MavlinkWriter.Write(
            w, MavlinkHeader.ForSend(0, 1, 1), new Heartbeat { Type = 2, Autopilot = 3, BaseMode = 0x51, SystemStatus = 4, MavlinkVersion = 3 })));
        Assert.Equal(MavlinkVectors.GlobalPositionInt, Write(w => MavlinkWriter.Write(
            w,
            MavlinkHeader.ForSend(7, 1, 1),
            new GlobalPositionInt { TimeBootMs = 123456, Lat = 399931000, Lon = 469300000, Alt = 350000, RelativeAlt = 15000, Vx = 500, Hdg = 9000 })));
        Assert.Equal(MavlinkVectors.SurveyDetection, Write(w => MavlinkWriter.Write(
            w,
            MavlinkHeader.ForSend(3, 1, 191),
            new SurveyDetection
            {
                TimeUsec = 1763900000000000,
                DetectionId = 42,
                Lat = 399931000,
                Lon = 469300000,
                Alt = 350000,
                Signal = 12.5f,
                HAcc = 15,
                Agl = 150,
                Sensor = 1,
                Classification = 1,
                Confidence = 87,
                LabelBuffer = SurveyDetection.LabelArray.From("MAG-ANOMALY"u8),
            })));
        Assert.Equal(MavlinkMoreVectors.HeartbeatV1, Write(w => MavlinkWriter.WriteV1(
            w, MavlinkHeader.ForSend(5, 1, 1), new Heartbeat { Type = 2, Autopilot = 3, BaseMode = 0x51, SystemStatus = 4, MavlinkVersion = 3 })));
        Assert.Equal(MavlinkMoreVectors.GpsRawInt, Write(w => MavlinkWriter.Write(
            w,
            MavlinkHeader.ForSend(1, 1, 1),
            new GpsRawInt
            {
                TimeUsec = 1763900000000000, Lat = 399931000, Lon = 469300000, Alt = 350000, Eph = 120, Epv = 180, Vel = 500, Cog = 9000,
                FixType = 6, SatellitesVisible = 17, HAcc = 12, VAcc = 20,
            })));
    }

    [Fact]
    public void Signed_writer_output_matches_the_independent_signed_vector()
    {
        // 0x0123456789AB units of 10 µs after the 2015 epoch, minus one: the signer adds one when the clock has not moved.
        var units = 0x0123456789ABL;
        var clock = new ManualTimeProvider(new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(units * 100));
        var signer = new MavlinkSigner(MavlinkVectors.Key, 7, clock);
        var frame = Write(w => MavlinkWriter.Write(
            w, MavlinkHeader.ForSend(0, 1, 1), new Heartbeat { Type = 2, Autopilot = 3, BaseMode = 0x51, SystemStatus = 4, MavlinkVersion = 3 }, signer));
        Assert.Equal(MavlinkVectors.HeartbeatSigned, frame);
    }

    [Fact]
    public void All_zero_payload_keeps_one_byte()
    {
        var frame = Write(w => MavlinkWriter.Write(w, MavlinkHeader.ForSend(0, 1, 1), new Attitude()));
        Assert.Equal(1, frame[1]);
        Assert.Single(FramerHarness.Run(new MavlinkFramer(), frame).Frames);
    }

    [Fact]
    public void Mavlink1_refuses_ids_above_255()
        => Assert.Throws<ArgumentException>(() => Write(w => MavlinkWriter.WriteV1(w, MavlinkHeader.ForSend(0, 1, 1), new SurveyDetection())));

    [Fact]
    public void Json_fields_use_xml_names_raw_values_and_strings_for_chars()
    {
        Assert.True(MavlinkReader.TryCreate(MavlinkVectors.SurveyDetection, out var reader));
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            Assert.True(MavlinkDialect.TryWriteJsonFields(reader.Header.MessageId, reader.Payload, json));
            json.WriteEndObject();
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        var root = doc.RootElement;
        Assert.Equal(399931000, root.GetProperty("lat").GetInt32());
        Assert.Equal("MAG-ANOMALY", root.GetProperty("label").GetString());
        Assert.Equal(12.5, root.GetProperty("signal").GetDouble());
        Assert.Equal(0, root.GetProperty("image_idx").GetInt32());
    }

    [Fact]
    public void Nan_floats_become_null_in_json()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            new Attitude { Roll = float.NaN }.WriteJsonFields(json);
            json.WriteEndObject();
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("roll").ValueKind);
    }

    [Fact]
    public void Framing_reading_and_writing_allocate_nothing()
    {
        var framer = new MavlinkFramer(new MavlinkSigningOptions { Key = MavlinkVectors.Key });
        var signer = new MavlinkSigner(MavlinkVectors.Key, 1, new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddYears(50)));
        var output = new ArrayBufferWriter<byte>(4096);
        var gpi = new GlobalPositionInt { Lat = 1, Lon = 2, Hdg = 3 };
        var input = new ReadOnlySequence<byte>(MavlinkVectors.All.SelectMany(v => v).ToArray());
        var handler = new DecodingHandler();
        var counters = new FrameCounters();
        Exercise();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Exercise();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(101 * MavlinkVectors.All.Length, counters.Frames);

        void Exercise()
        {
            output.ResetWrittenCount();
            MavlinkWriter.Write(output, MavlinkHeader.ForSend(0, 1, 1), gpi, signer);
            MavlinkWriter.Write(output, MavlinkHeader.ForSend(0, 1, 1), gpi);
            var buffer = input;
            FrameScanner.Scan(ref buffer, framer, ref handler, counters, isFinal: true);
        }
    }

    private static byte[] Write(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private struct DecodingHandler : IFrameHandler
    {
        public long Checksum;

        public void OnFrame(in ReadOnlySequence<byte> frame)
        {
            Span<byte> scratch = stackalloc byte[MavlinkConstants.MaxFrameLength];
            if (MavlinkReader.TryCreate(FrameBytes.Contiguous(frame, scratch), out var reader) && reader.TryRead<GlobalPositionInt>(out var gpi))
            {
                Checksum += gpi.Lat;
            }
        }

        public readonly void OnRejected(FrameError error, long byteCount) => Assert.Fail(error.ToString());
    }
}
