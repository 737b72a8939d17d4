using Telemetry.Geo.Detections;
using Telemetry.Geo.Geotagging;

namespace Telemetry.Gateway.Pipeline;

/// <summary>A decoded detection waiting for the GNSS epoch after it (so it is interpolated, not extrapolated).</summary>
internal sealed record PendingDetection(DetectionInput Input, Geotagger Geotagger, GnssEpochAssembler Gnss, long ReceivedMonotonicNs);
