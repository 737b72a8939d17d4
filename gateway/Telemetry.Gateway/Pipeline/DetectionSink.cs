using System.Threading.Channels;
using Telemetry.Geo.Detections;
using Telemetry.Geo.Geotagging;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// One device's way into the shared detection path (geotag → outbox → QoS 1): every decoder — detector sentences,
/// GPIO lines, a machine's detonations, a drone's survey anomalies — hands its detections here, so they are all
/// geotagged against a GNSS track with a stated accuracy, made durable in order and published the same way.
/// </summary>
internal sealed class DetectionSink(
    ChannelWriter<PendingDetection> detections,
    GatewayCounters counters,
    string device,
    Geotagger? geotagger,
    GnssEpochAssembler? gnss)
{
    public string Device { get; } = device;

    /// <summary>
    /// Queues a detection for geotagging. Never drops: when the geotag stage is behind, the calling device loop waits
    /// (bounded channel, Wait mode). Without a GNSS track to position it the detection cannot be placed and is counted.
    /// </summary>
    public bool Submit(in DetectionInput input, long receivedMonotonicNs)
    {
        if (geotagger is null || gnss is null)
        {
            counters.Add("detections_without_position_source", 1, Device);
            return false;
        }

        counters.Add("detections_decoded", 1, Device);
        counters.Add("detections_decoded_" + input.Kind.JsonName().Replace('-', '_'), 1, Device);
        var pending = new PendingDetection(input, geotagger, gnss, receivedMonotonicNs);
        if (!detections.TryWrite(pending))
        {
            detections.WriteAsync(pending).AsTask().GetAwaiter().GetResult();
        }

        return true;
    }
}
