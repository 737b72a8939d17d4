namespace Telemetry.Geo.Detections;

/// <summary>
/// Sensor values of a detection (docs/protocols detector sentences $PXDMD/$PXDMA, or a drone anomaly score).
/// Every field is optional: only those present are written to the record.
/// </summary>
public readonly record struct DetectionSignal
{
    /// <summary>Device-side event id ($PXDMA event id).</summary>
    public long? EventId { get; init; }

    /// <summary>Metal-detector amplitude, 0–1023 (peak for an alarm).</summary>
    public int? MdAmplitude { get; init; }

    /// <summary>Metal-detector phase / ferrous index, degrees −90…+90.</summary>
    public double? MdPhaseDeg { get; init; }

    /// <summary>GPR energy, 0–1023 (peak for an alarm).</summary>
    public int? GprEnergy { get; init; }

    /// <summary>GPR depth estimate, centimetres.</summary>
    public double? GprDepthCm { get; init; }

    /// <summary>Alarm level: 0 none, 1 metal detector, 2 metal detector + GPR.</summary>
    public int? AlarmLevel { get; init; }

    /// <summary>Alarm duration, milliseconds.</summary>
    public int? DurationMs { get; init; }

    /// <summary>Operator-mark flag carried by the alarm.</summary>
    public bool? OperatorMark { get; init; }

    /// <summary>Anomaly score 0–1 of a drone detection.</summary>
    public double? AnomalyScore { get; init; }
}
