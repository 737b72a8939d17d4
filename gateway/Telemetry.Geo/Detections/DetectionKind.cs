namespace Telemetry.Geo.Detections;

/// <summary>What raised the detection (the record's "kind").</summary>
public enum DetectionKind : byte
{
    /// <summary>Metal-detector alarm.</summary>
    Metal,

    /// <summary>Ground-penetrating-radar alarm.</summary>
    Gpr,

    /// <summary>Dual-sensor alarm (metal detector and GPR agree).</summary>
    Dual,

    /// <summary>A deminer's manual mark (button or operator-mark flag).</summary>
    OperatorMark,

    /// <summary>A detonation (e.g. under a tiller).</summary>
    Detonation,

    /// <summary>An anomaly flagged in drone survey data.</summary>
    DroneAnomaly,

    /// <summary>An alarm known only from a detector's alarm line (GPIO edge), with no sentence to classify it.</summary>
    Alarm,
}

/// <summary>Helpers for <see cref="DetectionKind"/>.</summary>
public static class DetectionKinds
{
    /// <summary>The record's spelling: metal, gpr, dual, operator-mark, detonation, drone-anomaly, alarm.</summary>
    public static string JsonName(this DetectionKind kind) => kind switch
    {
        DetectionKind.Metal => "metal",
        DetectionKind.Gpr => "gpr",
        DetectionKind.Dual => "dual",
        DetectionKind.OperatorMark => "operator-mark",
        DetectionKind.Detonation => "detonation",
        DetectionKind.DroneAnomaly => "drone-anomaly",
        DetectionKind.Alarm => "alarm",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown detection kind."),
    };
}
