namespace Telemetry.Geo.Detections;

/// <summary>
/// A detection as the gateway hands it to the geotagger. The timestamp is on the gateway's monotonic clock:
/// a GPIO edge's kernel timestamp (CLOCK_MONOTONIC) as is, a detector's own time mapped with
/// <see cref="Time.DeviceClockMapper"/>. The evidence is the source frame exactly as received; it is copied into
/// the record by the writer, so the memory may be reused after <see cref="DetectionRecordWriter.Write"/> returns.
/// </summary>
/// <param name="Device">Device id (from $PXDMS or configuration), e.g. "vmr3-0142".</param>
/// <param name="Kind">What raised the detection.</param>
/// <param name="MonotonicNs">When the event happened, gateway monotonic clock, ns.</param>
/// <param name="Signal">Sensor values.</param>
/// <param name="Evidence">The raw source frame (an NMEA-style line, a MAVLink frame, …).</param>
/// <param name="EvidenceFormat">Short name of the frame's format, e.g. "nmea0183", "mavlink2", "gpio".</param>
public readonly record struct DetectionInput(
    string Device,
    DetectionKind Kind,
    long MonotonicNs,
    DetectionSignal Signal,
    ReadOnlyMemory<byte> Evidence,
    string EvidenceFormat);
