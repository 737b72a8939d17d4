using System.Buffers;
using System.Text;
using System.Text.Json;
using Telemetry.Geo.Coordinates;
using Telemetry.Geo.Detections;
using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Gnss;
using Telemetry.Geo.Tests.Support;
using Telemetry.Geo.Time;
using Telemetry.TestKit;

namespace Telemetry.Geo.Tests.Detections;

public sealed class DetectionRecordWriterTests
{
    private static readonly RecordIdentity Identity = new("AZ-AGD-2026-017", "rig-07", "sha256:3f1c9a0b");

    private static readonly Lazy<JsonDocument> Schema = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Schemas", "detection.schema.json"))));

    private static (Geotagger Tagger, SyntheticTrack Sim) MovingRig(LeverArm arm = default)
    {
        var sim = new SyntheticTrack(t => (0.8 * t, 0.3 * t)) { WithHdt = true };
        var track = new GnssTrack(256, outputLatency: TimeSpan.FromMilliseconds(30));
        sim.Feed(track, 0, 30);
        return (new Geotagger(new GeotagOptions { LeverArm = arm }, track, new RigClock(nextSequence: 41)), sim);
    }

    private static JsonDocument Write(in GeotaggedDetection d)
    {
        var output = new ArrayBufferWriter<byte>();
        using var writer = new DetectionRecordWriter(Identity);
        writer.Write(d, output);
        return JsonDocument.Parse(output.WrittenMemory);
    }

    private static void AssertValid(JsonDocument record)
    {
        var errors = SchemaValidator.Validate(Schema.Value.RootElement, record.RootElement);
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + record.RootElement.GetRawText());
    }

    [Fact]
    public void Schema_uses_only_keywords_the_validator_checks()
    {
        SchemaValidator.AssertOnlyKnownKeywords(Schema.Value.RootElement);
        Assert.Equal(12, Schema.Value.RootElement.GetProperty("required").GetArrayLength());
    }

    [Fact]
    public void An_interpolated_record_validates_and_carries_every_field()
    {
        var (tagger, _) = MovingRig(new LeverArm(1.5, 0.2, 1.1));
        var d = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(12.34)), TestDetections.Now(12.34));

        using var json = Write(d);
        AssertValid(json);
        var root = json.RootElement;
        Assert.Equal(d.Id.ToString("D"), root.GetProperty("id").GetString());
        Assert.Equal(41, root.GetProperty("seq").GetInt64());
        Assert.Equal("AZ-AGD-2026-017", root.GetProperty("site").GetString());
        Assert.Equal("metal", root.GetProperty("kind").GetString());
        Assert.Equal(812, root.GetProperty("signal").GetProperty("md_amplitude").GetInt32());
        Assert.Equal("gnss", root.GetProperty("time").GetProperty("source").GetString());
        var position = root.GetProperty("position");
        Assert.Equal("interpolated", position.GetProperty("status").GetString());
        Assert.Equal("rtk_fixed", position.GetProperty("fix_type").GetString());
        Assert.Equal("hdt", position.GetProperty("heading_source").GetString());
        Assert.Equal(Math.Round(d.Position.Latitude, 9), position.GetProperty("lat").GetDouble());
        var utm = Utm.FromLatLon(d.Position.Latitude, d.Position.Longitude);
        Assert.Equal(38, position.GetProperty("utm").GetProperty("zone").GetInt32());
        Assert.Equal(32638, position.GetProperty("utm").GetProperty("epsg").GetInt32());
        Assert.Equal(Math.Round(utm.Easting, 3), position.GetProperty("utm").GetProperty("easting").GetDouble());
        Assert.Equal(Mgrs.Format(d.Position.Latitude, d.Position.Longitude), position.GetProperty("mgrs").GetString());
        var accuracy = position.GetProperty("accuracy");
        Assert.Equal(0.95, accuracy.GetProperty("confidence").GetDouble());
        Assert.Equal(Math.Round(d.Position.HorizontalSigma * 2.4477468306808161, 3), accuracy.GetProperty("horizontal_m").GetDouble());
        Assert.Equal("gst", accuracy.GetProperty("sigma_source").GetString());
        var evidence = root.GetProperty("evidence");
        Assert.Equal("text", evidence.GetProperty("encoding").GetString());
        Assert.Equal("$PXDMA,0042,812,655,340,0,none*5B", evidence.GetProperty("frame").GetString());
        Assert.Equal(TestDetections.AlarmLine.Length, evidence.GetProperty("length").GetInt32());
        Assert.Equal("sha256:3f1c9a0b", root.GetProperty("config_hash").GetString());
    }

    [Fact]
    public void A_record_without_any_fix_validates_and_has_no_coordinates()
    {
        var tagger = new Geotagger(new GeotagOptions(), new GnssTrack(8), new RigClock());
        var d = tagger.Geotag(TestDetections.Metal(1_000_000_000), new SystemClockSample(1_800_000_000_000_000_000, 1_100_000_000, false));

        using var json = Write(d);
        AssertValid(json);
        var position = json.RootElement.GetProperty("position");
        Assert.Equal("none", position.GetProperty("status").GetString());
        Assert.False(position.TryGetProperty("lat", out _));
        Assert.Equal("unsynchronised", json.RootElement.GetProperty("time").GetProperty("source").GetString());
    }

    [Fact]
    public void A_stale_record_validates_and_says_stale_with_its_age()
    {
        var (tagger, _) = MovingRig();
        var d = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(35)), TestDetections.Now(35));

        using var json = Write(d);
        AssertValid(json);
        var position = json.RootElement.GetProperty("position");
        Assert.Equal("stale", position.GetProperty("status").GetString());
        Assert.True(position.GetProperty("stale").GetBoolean());
        Assert.Equal(5.0, position.GetProperty("fix_age_s").GetDouble(), 0.01);
    }

    [Fact]
    public void Binary_evidence_is_base64_and_long_evidence_is_truncated_and_flagged()
    {
        var (tagger, _) = MovingRig();
        var frame = new byte[1500];
        new Random(7).NextBytes(frame);
        frame[0] = 0xFD; // a MAVLink v2 frame start
        var input = TestDetections.Metal(SyntheticTrack.MonotonicAt(5)) with { Evidence = frame, EvidenceFormat = "mavlink2", Kind = DetectionKind.DroneAnomaly };
        var d = tagger.Geotag(input, TestDetections.Now(5));

        using var json = Write(d);
        AssertValid(json);
        var evidence = json.RootElement.GetProperty("evidence");
        Assert.Equal("base64", evidence.GetProperty("encoding").GetString());
        Assert.Equal(frame.AsSpan(0, DetectionRecordWriter.MaxEvidenceBytes).ToArray(), evidence.GetProperty("frame").GetBytesFromBase64());
        Assert.True(evidence.GetProperty("truncated").GetBoolean());
        Assert.Equal(1500, evidence.GetProperty("length").GetInt32());
        Assert.Equal("drone-anomaly", json.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public void Every_kind_and_optional_signal_validates()
    {
        var (tagger, _) = MovingRig();
        foreach (var kind in Enum.GetValues<DetectionKind>())
        {
            var signal = new DetectionSignal { MdPhaseDeg = -12.5, GprDepthCm = 14.2, OperatorMark = true, AnomalyScore = 0.87 };
            var input = TestDetections.Metal(SyntheticTrack.MonotonicAt(3)) with { Kind = kind, Signal = signal };
            using var json = Write(tagger.Geotag(input, TestDetections.Now(3)));
            AssertValid(json);
            Assert.Equal(kind.JsonName(), json.RootElement.GetProperty("kind").GetString());
        }
    }

    [Fact]
    public void Output_is_identical_under_hostile_cultures()
    {
        var (tagger, _) = MovingRig(new LeverArm(1, 0, 0.5));
        var d = tagger.Geotag(TestDetections.Metal(SyntheticTrack.MonotonicAt(7.77)), TestDetections.Now(7.77));
        var expected = Encoding.UTF8.GetString(Bytes(d));

        HostileCulture.RunUnderEach(() => Assert.Equal(expected, Encoding.UTF8.GetString(Bytes(d))));
    }

    [Fact]
    public void Geotag_and_serialize_allocate_nothing_per_record_at_steady_state()
    {
        var (tagger, _) = MovingRig(new LeverArm(1.5, 0.2, 1.1));
        var output = new ArrayBufferWriter<byte>(4096);
        using var writer = new DetectionRecordWriter(Identity);
        var input = TestDetections.Metal(0);

        void Once(int i)
        {
            var t = 1 + (i % 2500 * 0.01);
            var d = tagger.Geotag(input with { MonotonicNs = SyntheticTrack.MonotonicAt(t) }, TestDetections.Now(t));
            output.ResetWrittenCount();
            writer.Write(d, output);
        }

        for (var i = 0; i < 2000; i++)
        {
            Once(i); // warm-up: JIT tiers, statics, the reused Utf8JsonWriter
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Once(i);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(output.WrittenCount > 500);
    }

    [Fact]
    public void Identity_values_are_checked_with_the_key_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RecordIdentity("", "rig", "hash"));
        Assert.Equal("site", ex.ParamName);
        Assert.Throws<ArgumentException>(() => new RecordIdentity("s", "rig", new string('x', 129)));
    }

    private static byte[] Bytes(in GeotaggedDetection d)
    {
        var output = new ArrayBufferWriter<byte>();
        using var writer = new DetectionRecordWriter(Identity);
        writer.Write(d, output);
        return output.WrittenSpan.ToArray();
    }
}
