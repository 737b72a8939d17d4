namespace Telemetry.Protocols.Detector;

/// <summary>Fields every detector sentence starts with.</summary>
/// <param name="Sequence">Adapter sequence counter, incremented per sentence of any kind, wrapping at 65536; gaps mean lost lines.</param>
/// <param name="UptimeMs">Adapter uptime (monotonic clock since power-on), milliseconds.</param>
public readonly record struct DetectorHeader(ushort Sequence, long UptimeMs);

/// <summary><c>$PXDMD</c> sample.</summary>
public readonly record struct DetectorSample
{
    /// <summary>Sequence and uptime.</summary>
    public DetectorHeader Header { get; init; }

    /// <summary>Metal channel amplitude, 0–1023 (1023 = saturated).</summary>
    public int? MetalAmplitude { get; init; }

    /// <summary>Metal channel phase / ferrous index, degrees −90…+90.</summary>
    public int? MetalPhase { get; init; }

    /// <summary>GPR response energy, 0–1023; absent on metal-only detectors.</summary>
    public int? GprEnergy { get; init; }

    /// <summary>GPR depth estimate, centimetres 0–99.</summary>
    public int? GprDepthCm { get; init; }

    /// <summary>Sensitivity setting, 1–10.</summary>
    public int? Sensitivity { get; init; }

    /// <summary>Battery charge, percent 0–100.</summary>
    public int? BatteryPercent { get; init; }

    /// <summary>Alarm level of this sample.</summary>
    public DetectorAlarmLevel? AlarmLevel { get; init; }
}

/// <summary><c>$PXDMA</c> alarm onset or offset.</summary>
public readonly record struct DetectorAlarm
{
    /// <summary>Sequence and uptime.</summary>
    public DetectorHeader Header { get; init; }

    /// <summary>Alarm event id, shared by the onset and offset of one alarm (wraps at 65536).</summary>
    public int EventId { get; init; }

    /// <summary>Onset or offset.</summary>
    public DetectorEdge Edge { get; init; }

    /// <summary>Channel(s) that alarmed.</summary>
    public DetectorAlarmClass Class { get; init; }

    /// <summary>Peak metal amplitude so far, 0–1023.</summary>
    public int? PeakMetal { get; init; }

    /// <summary>Peak GPR energy so far, 0–1023.</summary>
    public int? PeakGpr { get; init; }

    /// <summary>Alarm duration, milliseconds (offset only).</summary>
    public int? DurationMs { get; init; }
}

/// <summary><c>$PXDMM</c> operator mark.</summary>
public readonly record struct DetectorMark
{
    /// <summary>Sequence and uptime.</summary>
    public DetectorHeader Header { get; init; }

    /// <summary>Mark id, counting up per adapter session.</summary>
    public int MarkId { get; init; }

    /// <summary>What was marked.</summary>
    public DetectorMarkKind Kind { get; init; }

    /// <summary>The alarm event the mark refers to, when any.</summary>
    public int? EventId { get; init; }
}

/// <summary><c>$PXDMS</c> status.</summary>
public readonly record struct DetectorStatus
{
    /// <summary>Sequence and uptime.</summary>
    public DetectorHeader Header { get; init; }

    /// <summary>Adapter serial number.</summary>
    public int DeviceId { get; init; }

    /// <summary>Detector model code packed as up to 8 ASCII letters/digits (e.g. VMH3, F3, AN19, SIM).</summary>
    public DetectorModel Model { get; init; }

    /// <summary>Battery voltage, volts.</summary>
    public double? BatteryVolts { get; init; }

    /// <summary>Battery charge, percent.</summary>
    public int? BatteryPercent { get; init; }

    /// <summary>True when the GPR channel is active (mode MDGPR), false for metal only (MD).</summary>
    public bool? DualSensor { get; init; }

    /// <summary>Ground balance: <c>L</c> locked, <c>T</c> tracking, <c>N</c> not balanced.</summary>
    public byte? GroundBalance { get; init; }

    /// <summary>Self-test failure flags (0 = all passed).</summary>
    public int? SelfTestFlags { get; init; }

    /// <summary>Active faults, bit <c>1 &lt;&lt; (int)code</c> per <see cref="DetectorFaultCode"/>.</summary>
    public int? FaultMask { get; init; }
}

/// <summary><c>$PXDMF</c> fault set or cleared.</summary>
public readonly record struct DetectorFault
{
    /// <summary>Sequence and uptime.</summary>
    public DetectorHeader Header { get; init; }

    /// <summary>Which fault.</summary>
    public DetectorFaultCode Code { get; init; }

    /// <summary>Onset = set, offset = cleared.</summary>
    public DetectorEdge Edge { get; init; }

    /// <summary>Code-specific detail (e.g. millivolts for low battery), when any.</summary>
    public int? Detail { get; init; }
}
