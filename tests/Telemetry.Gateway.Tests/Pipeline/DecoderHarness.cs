using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Telemetry.Gateway.Pipeline;
using Telemetry.Geo.Geotagging;
using PositionSource = Telemetry.Geo.Gnss.PositionSource;
using Telemetry.Geo.Time;
using Telemetry.Protocols.Framing;

namespace Telemetry.Gateway.Tests.Pipeline;

/// <summary>
/// The real decoder stages wired as the runtime wires them (counters, telemetry buffer, detection sink into a channel,
/// GNSS track), on a monotonic clock the test sets, so decoders can be fed bytes and their outputs inspected.
/// </summary>
internal sealed class DecoderHarness : IDisposable
{
    private readonly Channel<PendingDetection> _detections = Channel.CreateUnbounded<PendingDetection>();

    public DecoderHarness(string device = "dev", PositionSource source = PositionSource.RigGnss, GeotagOptions? geotag = null)
    {
        Clock = new GatewayClock(TimeProvider.System, () => Now);
        Telemetry = new TelemetryBuffer(Counters);
        Gnss = new GnssEpochAssembler(device + "-gnss", Counters, source);
        Geotagger = new Geotagger(geotag ?? new GeotagOptions(), Gnss.Track, new RigClock());
        Sink = new DetectionSink(_detections.Writer, Counters, device, Geotagger, Gnss);
    }

    public long Now { get; set; } = 1_000_000_000;

    public GatewayClock Clock { get; }

    public GatewayCounters Counters { get; } = new();

    public TelemetryBuffer Telemetry { get; }

    public GnssEpochAssembler Gnss { get; }

    public Geotagger Geotagger { get; }

    public DetectionSink Sink { get; }

    public FrameCounters Framing { get; } = new();

    public List<PendingDetection> Detections()
    {
        var list = new List<PendingDetection>();
        while (_detections.Reader.TryRead(out var d))
        {
            list.Add(d);
        }

        return list;
    }

    /// <summary>The latest telemetry payload offered on a stream (taken), parsed.</summary>
    public JsonDocument? TakeTelemetry(string stream)
    {
        var payload = Telemetry.TakeAll().Where(t => t.Stream == stream).Select(t => t.Payload).FirstOrDefault();
        return payload is null ? null : JsonDocument.Parse(payload);
    }

    public void Feed<TFramer, THandler>(TFramer framer, THandler handler, ReadOnlySpan<byte> bytes)
        where TFramer : IFramer
        where THandler : IFrameHandler
    {
        var buffer = new ReadOnlySequence<byte>(bytes.ToArray());
        FrameScanner.Scan(ref buffer, framer, ref handler, Framing, isFinal: true);
    }

    public void Dispose() => Counters.Dispose();
}
