using System.Buffers;
using Telemetry.Gateway.Pipeline;
using Telemetry.Geo.Detections;
using Telemetry.Geo.Gnss;
using Telemetry.Protocols.Mavlink;
using Telemetry.Protocols.Mavlink.Messages;

namespace Telemetry.Gateway.Tests.Pipeline;

/// <summary>The drone decoder stage: MAVLink 2 → drone track (with accuracy), drone telemetry and survey anomalies.</summary>
public sealed class MavlinkDeviceDecoderTests
{
    // domain.md §4.4 HEARTBEAT vector (sys 1, comp 1, seq 0; quadrotor, ArduPilot, base_mode 0x51, active).
    private static readonly byte[] Heartbeat = Convert.FromHexString("FD0900000001010000000000000002035104" + "03E71E");
    private static readonly ulong Start = (ulong)(new DateTimeOffset(2026, 5, 15, 8, 0, 0, TimeSpan.Zero) - DateTimeOffset.UnixEpoch).Ticks / 10;

    [Fact]
    public void Gps_raw_int_feeds_the_drone_track_with_its_stated_accuracy_and_heartbeat_reaches_telemetry()
    {
        using var h = new DecoderHarness("drone", PositionSource.DroneGnss);
        var (decoder, handler) = Create(h);
        h.Feed(new MavlinkFramer(), handler, [.. Heartbeat, .. Gps(1, Start, hAccMm: 15, fixType: 6)]); // seq 0 then 1: no gap

        Assert.Equal(1, h.Gnss.Track.Count);
        var fix = h.Gnss.Track[0];
        Assert.Equal(GnssFixType.RtkFixed, fix.FixType);
        Assert.Equal(0.015, fix.SigmaLatitude, 9);
        Assert.Equal(39.9931, fix.Latitude, 7);
        Assert.Equal((long)Start * 1000, fix.UtcNs);
        Assert.Equal(PositionSource.DroneGnss, h.Gnss.Track.Source);
        using var telemetry = h.TakeTelemetry("telemetry/drone");
        var root = telemetry!.RootElement;
        Assert.Equal("drone", root.GetProperty("type").GetString());
        Assert.False(root.GetProperty("armed").GetBoolean()); // base_mode 0x51 has no 0x80 (armed) bit
        Assert.Equal(4, root.GetProperty("systemStatus").GetInt32());
        Assert.Equal(0, h.Counters.Get("mavlink_frames_lost", "drone"));
        GC.KeepAlive(decoder);
    }

    [Fact]
    public void A_survey_detection_becomes_a_drone_anomaly_timed_through_the_gps_epochs()
    {
        using var h = new DecoderHarness("drone", PositionSource.DroneGnss);
        var (_, handler) = Create(h);
        // GPS epochs at 0.0 and 0.2 s, each read 30 ms after it; the detection is stamped 0.1 s and read late (0.5 s).
        h.Now = 5_030_000_000;
        h.Feed(new MavlinkFramer(), handler, Gps(0, Start, 15, 6));
        h.Now = 5_230_000_000;
        h.Feed(new MavlinkFramer(), handler, Gps(1, Start + 200_000, 15, 6));
        h.Now = 5_600_000_000;
        var output = new ArrayBufferWriter<byte>();
        MavlinkWriter.Write(output, MavlinkHeader.ForSend(0, 1, 191), new SurveyDetection
        {
            TimeUsec = Start + 100_000,
            DetectionId = 42,
            Lat = 399931000,
            Lon = 469300000,
            Confidence = 80,
            HAcc = 20,
        });
        h.Feed(new MavlinkFramer(), handler, output.WrittenSpan);

        var detection = Assert.Single(h.Detections());
        Assert.Equal(DetectionKind.DroneAnomaly, detection.Input.Kind);
        Assert.Equal(5_130_000_000, detection.Input.MonotonicNs);
        Assert.Equal(42L, detection.Input.Signal.EventId);
        Assert.Equal(0.8, detection.Input.Signal.AnomalyScore!.Value, 9);
        Assert.Equal("mavlink2", detection.Input.EvidenceFormat);
        Assert.Equal(output.WrittenSpan.ToArray(), detection.Input.Evidence.ToArray());
        Assert.Same(h.Gnss, detection.Gnss); // positioned by the drone's own track
    }

    [Fact]
    public void With_a_key_configured_bad_signatures_are_rejected_and_counted_good_ones_verified()
    {
        using var h = new DecoderHarness("drone", PositionSource.DroneGnss);
        var (_, handler) = Create(h);
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var wrong = Enumerable.Range(2, 32).Select(i => (byte)i).ToArray();
        var framer = new MavlinkFramer(new MavlinkSigningOptions { Key = key, Policy = MavlinkSignaturePolicy.RequireSigned });
        var output = new ArrayBufferWriter<byte>();
        var good = new MavlinkSigner(key, 0);
        var bad = new MavlinkSigner(wrong, 0);
        MavlinkWriter.Write(output, MavlinkHeader.ForSend(0, 1, 1), new Heartbeat { Type = 2, SystemStatus = 4, MavlinkVersion = 3 }, good);
        MavlinkWriter.Write(output, MavlinkHeader.ForSend(1, 1, 1), new Heartbeat { Type = 2, SystemStatus = 5, MavlinkVersion = 3 }, bad);
        MavlinkWriter.Write(output, MavlinkHeader.ForSend(2, 1, 1), new Heartbeat { Type = 2, SystemStatus = 4, MavlinkVersion = 3 });
        h.Feed(framer, handler, output.WrittenSpan);

        Assert.Equal(1, framer.Stats.SignedVerified);
        Assert.Equal(1, h.Counters.Get("frames_rejected_badsignature", "drone"));
        Assert.Equal(1, h.Counters.Get("frames_rejected_unsigned", "drone"));
        Assert.Equal(1, h.Counters.Get("mavlink_messages", "drone"));
    }

    [Fact]
    public void Sequence_gaps_count_lost_frames_and_garbage_never_throws()
    {
        using var h = new DecoderHarness("drone", PositionSource.DroneGnss);
        var (_, handler) = Create(h);
        var output = new ArrayBufferWriter<byte>();
        MavlinkWriter.Write(output, MavlinkHeader.ForSend(254, 1, 1), new Heartbeat { Type = 2, MavlinkVersion = 3 });
        MavlinkWriter.Write(output, MavlinkHeader.ForSend(2, 1, 1), new Heartbeat { Type = 2, MavlinkVersion = 3 });
        var noise = new byte[4096];
        new Random(11).NextBytes(noise);
        h.Feed(new MavlinkFramer(), handler, [.. noise, .. output.WrittenSpan]);

        Assert.True(h.Framing.RejectedTotal > 0, "noise must be counted");
        Assert.Equal(3, h.Counters.Get("mavlink_frames_lost", "drone")); // 254 → 2 skips 255, 0, 1
        Assert.Equal(0, h.Gnss.Track.Count);
    }

    [Fact]
    public void A_gps_epoch_without_utc_or_without_a_fix_is_not_a_track_epoch()
    {
        using var h = new DecoderHarness("drone", PositionSource.DroneGnss);
        var (_, handler) = Create(h);
        h.Feed(new MavlinkFramer(), handler, [.. Gps(0, 123_456_789, 15, 6), .. Gps(1, Start, 15, 1)]);
        Assert.Equal(0, h.Gnss.Track.Count);
        Assert.Equal(1, h.Counters.Get("gnss_epochs_unusable", "drone"));
        Assert.Equal(1, h.Counters.Get("gnss_epochs_rejectednoposition", "drone-gnss"));
    }

    private static (MavlinkDeviceDecoder Decoder, MavlinkDeviceDecoder.Handler Handler) Create(DecoderHarness h)
    {
        var decoder = new MavlinkDeviceDecoder("drone", h.Clock, h.Counters, h.Telemetry, h.Sink, h.Gnss, telemetryHz: 2);
        return (decoder, new MavlinkDeviceDecoder.Handler(decoder, h.Counters, "drone"));
    }

    private static byte[] Gps(byte sequence, ulong timeUsec, uint hAccMm, byte fixType)
    {
        var output = new ArrayBufferWriter<byte>();
        MavlinkWriter.Write(output, MavlinkHeader.ForSend(sequence, 1, 1), new GpsRawInt
        {
            TimeUsec = timeUsec,
            FixType = fixType,
            Lat = 399931000,
            Lon = 469300000,
            Alt = 351_500,
            Eph = 70,
            Epv = 105,
            Vel = 300,
            Cog = 9000,
            SatellitesVisible = 18,
            AltEllipsoid = 334_600,
            HAcc = hAccMm,
            VAcc = 30,
        });
        return output.WrittenSpan.ToArray();
    }
}
