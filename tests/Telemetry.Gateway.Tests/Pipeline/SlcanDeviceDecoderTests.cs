using System.Buffers;
using System.Text;
using Telemetry.Gateway.Pipeline;
using Telemetry.Geo.Detections;
using Telemetry.Protocols.Can;
using Telemetry.Protocols.J1939;
using Telemetry.Protocols.Slcan;

namespace Telemetry.Gateway.Tests.Pipeline;

/// <summary>The machine decoder stage: SLCAN → J1939 (+ transport protocol) → machine state and detonations.</summary>
public sealed class SlcanDeviceDecoderTests
{
    private const byte Tiller = 0x80;

    [Fact]
    public void Engine_speed_from_the_domain_worked_example_reaches_machine_telemetry()
    {
        using var h = new DecoderHarness("mematt-can");
        var decoder = new SlcanDeviceDecoder("mematt-can", h.Clock, h.Counters, h.Telemetry, h.Sink, telemetryHz: 1);
        // domain.md §3.4: 0CF00400: FF 7D 7D E0 15 FF F0 FF → 0x15E0 × 0.125 = 700 rpm (a real genset capture).
        h.Feed(new SlcanFramer(), new SlcanDeviceDecoder.Handler(decoder, h.Counters, "mematt-can"), "T0CF004008FF7D7DE015FFF0FF\r"u8);

        using var telemetry = h.TakeTelemetry("telemetry/mematt-can");
        Assert.NotNull(telemetry);
        var root = telemetry.RootElement;
        Assert.Equal("machine", root.GetProperty("type").GetString());
        Assert.Equal(700, root.GetProperty("values").GetProperty("engine_speed").GetDouble());
        Assert.Equal("rpm", root.GetProperty("units").GetProperty("engine_speed").GetString());
        Assert.False(root.GetProperty("values").TryGetProperty("coolant_temperature", out _), "parameters never received must be absent, not 0");
        Assert.Equal(1, h.Counters.Get("j1939_groups_decoded", "mematt-can"));
    }

    [Fact]
    public void A_rise_of_the_detonation_counter_is_one_detection_per_step_the_first_value_is_a_baseline()
    {
        using var h = new DecoderHarness("mematt-can");
        var decoder = new SlcanDeviceDecoder("mematt-can", h.Clock, h.Counters, h.Telemetry, h.Sink, telemetryHz: 1);
        var handler = new SlcanDeviceDecoder.Handler(decoder, h.Counters, "mematt-can");
        foreach (var (count, stamp) in new[] { (5, 100), (5, 1100), (6, 2100), (8, 3100), (3, 4100) })
        {
            h.Now += 1_000_000_000;
            h.Feed(new SlcanFramer(), handler, ShockLine(count, (ushort)stamp));
        }

        var detections = h.Detections();
        Assert.Equal([6L, 7L, 8L], detections.Select(d => d.Input.Signal.EventId!.Value));
        Assert.All(detections, d => Assert.Equal(DetectionKind.Detonation, d.Input.Kind));
        Assert.All(detections, d => Assert.Equal("slcan", d.Input.EvidenceFormat));
        Assert.StartsWith("T0CFF1180", Encoding.ASCII.GetString(detections[0].Input.Evidence.Span), StringComparison.Ordinal);
        Assert.Equal(1, h.Counters.Get("machine_detonation_counter_resets", "mematt-can"));
        Assert.Equal(3, h.Counters.Get("detections_decoded_detonation", "mematt-can"));
    }

    [Fact]
    public void Detonation_time_comes_from_the_adapter_timestamp_mapped_onto_the_gateway_clock()
    {
        using var h = new DecoderHarness("mematt-can");
        var decoder = new SlcanDeviceDecoder("mematt-can", h.Clock, h.Counters, h.Telemetry, h.Sink, telemetryHz: 1);
        var handler = new SlcanDeviceDecoder.Handler(decoder, h.Counters, "mematt-can");
        // Baseline stamped 59 500 ms received promptly (defines the offset); the detonation line is stamped 490 ms, i.e.
        // 990 ms later across the adapter's 60 s wrap, and read 300 ms late: the event keeps the adapter's time.
        h.Now = 10_000_000_000;
        h.Feed(new SlcanFramer(), handler, ShockLine(1, 59_500));
        h.Now = 11_290_000_000;
        h.Feed(new SlcanFramer(), handler, ShockLine(2, 490));
        var detection = Assert.Single(h.Detections());
        Assert.Equal(10_990_000_000, detection.Input.MonotonicNs);
    }

    [Fact]
    public void A_transport_protocol_message_is_reassembled_before_it_is_decoded()
    {
        using var h = new DecoderHarness("mematt-can");
        var decoder = new SlcanDeviceDecoder("mematt-can", h.Clock, h.Counters, h.Telemetry, h.Sink, telemetryHz: 1);
        var handler = new SlcanDeviceDecoder.Handler(decoder, h.Counters, "mematt-can");
        h.Feed(new SlcanFramer(), handler, ShockLine(1, 10));

        // MEMATT_SHOCK with a count of 2, sent as a 10-byte BAM (TP.CM + 2 TP.DT), then a 10-byte DM1 the catalog lacks.
        var data = new byte[10];
        J1939Catalog.MemattShock.FillNotAvailable(data);
        J1939Catalog.DetonationCount.Write(data, 2);
        var frames = new CanFrame[3];
        var output = new ArrayBufferWriter<byte>();
        var n = J1939Writer.WriteBam(6, J1939Catalog.MemattShock.Pgn, Tiller, data, frames);
        for (var i = 0; i < n; i++)
        {
            SlcanWriter.WriteFrame(output, frames[i], (ushort)(20 + i));
        }

        n = J1939Writer.WriteBam(6, 0xFECA, 0x00, new byte[10], frames);
        for (var i = 0; i < n; i++)
        {
            SlcanWriter.WriteFrame(output, frames[i], (ushort)(30 + i));
        }

        h.Feed(new SlcanFramer(), handler, output.WrittenSpan);
        var detection = Assert.Single(h.Detections());
        Assert.Equal(2L, detection.Input.Signal.EventId);
        Assert.Equal(2, h.Counters.Get("j1939_transport_messages", "mematt-can"));
        Assert.Equal(1, h.Counters.Get("j1939_unknown_pgn", "mematt-can"));
    }

    [Fact]
    public void Garbage_and_malformed_lines_are_counted_never_thrown_and_the_next_good_line_decodes()
    {
        using var h = new DecoderHarness("mematt-can");
        var decoder = new SlcanDeviceDecoder("mematt-can", h.Clock, h.Counters, h.Telemetry, h.Sink, telemetryHz: 1);
        var handler = new SlcanDeviceDecoder.Handler(decoder, h.Counters, "mematt-can");
        var random = new Random(7);
        var noise = new byte[4096];
        random.NextBytes(noise);
        h.Feed(new SlcanFramer(), handler, noise);
        Assert.True(h.Framing.RejectedTotal > 0, "noise must be counted as rejected bytes");
        string[] names = ["can_standard_frames_ignored", "slcan_adapter_overruns", "can_bus_errors", "slcan_adapter_errors"];
        var before = names.Select(n => h.Counters.Get(n, "mematt-can")).ToArray();
        var rejectedBefore = h.Framing.RejectedTotal;
        h.Feed(new SlcanFramer(), handler, "T0CF00400ZZZ\rt7FF2AABB\rF88\r\a"u8);
        h.Feed(new SlcanFramer(), handler, "T0CF004008FF7D7DE015FFF0FF\r"u8);

        Assert.True(h.Framing.RejectedTotal > rejectedBefore, "the malformed extended frame must be rejected");
        Assert.Equal([1L, 1L, 1L, 1L], names.Select((n, i) => h.Counters.Get(n, "mematt-can") - before[i]));
        using var telemetry = h.TakeTelemetry("telemetry/mematt-can");
        Assert.Equal(700, telemetry!.RootElement.GetProperty("values").GetProperty("engine_speed").GetDouble());
    }

    private static byte[] ShockLine(int count, ushort stamp)
    {
        Span<byte> data = stackalloc byte[8];
        J1939Catalog.MemattShock.FillNotAvailable(data);
        J1939Catalog.PeakShock.Write(data, 42);
        J1939Catalog.DetonationCount.Write(data, count);
        J1939Catalog.ShockCount.Write(data, count);
        var output = new ArrayBufferWriter<byte>();
        SlcanWriter.WriteFrame(output, J1939Writer.CreateFrame(J1939Id.Create(3, J1939Catalog.MemattShock.Pgn, Tiller), data), stamp);
        return output.WrittenSpan.ToArray();
    }
}
