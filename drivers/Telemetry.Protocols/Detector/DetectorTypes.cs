namespace Telemetry.Protocols.Detector;

/// <summary>The sentences of our detector adapter (docs/protocols/detector.md): <c>$PXDM</c> + one letter.</summary>
public enum DetectorSentenceKind : byte
{
    /// <summary>Not a detector sentence, or an <c>XDM</c> sentence letter this version does not define.</summary>
    None = 0,

    /// <summary><c>$PXDMD</c>: one sample of the sensor channels (20–50 Hz).</summary>
    Sample = (byte)'D',

    /// <summary><c>$PXDMA</c>: alarm onset or offset.</summary>
    Alarm = (byte)'A',

    /// <summary><c>$PXDMM</c>: operator mark.</summary>
    Mark = (byte)'M',

    /// <summary><c>$PXDMS</c>: status (1 Hz).</summary>
    Status = (byte)'S',

    /// <summary><c>$PXDMF</c>: fault set or cleared.</summary>
    Fault = (byte)'F',
}

/// <summary>Alarm level of a sample.</summary>
public enum DetectorAlarmLevel : byte
{
    /// <summary>No alarm.</summary>
    None = 0,

    /// <summary>Metal channel only.</summary>
    Metal = 1,

    /// <summary>GPR channel only.</summary>
    Gpr = 2,

    /// <summary>Both channels agree.</summary>
    Dual = 3,
}

/// <summary>Which channel raised an alarm (wire letters M, G, D).</summary>
public enum DetectorAlarmClass : byte
{
    /// <summary><c>M</c>: metal detector channel.</summary>
    Metal = (byte)'M',

    /// <summary><c>G</c>: ground-penetrating radar channel.</summary>
    Gpr = (byte)'G',

    /// <summary><c>D</c>: both channels.</summary>
    Dual = (byte)'D',
}

/// <summary>Start or end of an alarm or fault (wire letters O/F for alarms, S/C for faults).</summary>
public enum DetectorEdge : byte
{
    /// <summary>The condition began.</summary>
    Onset,

    /// <summary>The condition ended.</summary>
    Offset,
}

/// <summary>What the operator marked (wire letters S, F, R).</summary>
public enum DetectorMarkKind : byte
{
    /// <summary><c>S</c>: suspect item, to be investigated (prodded / excavated).</summary>
    Suspect = (byte)'S',

    /// <summary><c>F</c>: investigated and found to be clutter (false alarm).</summary>
    FalseAlarm = (byte)'F',

    /// <summary><c>R</c>: reference point (lane start/end, baseline marker).</summary>
    Reference = (byte)'R',
}

/// <summary>Fault codes (wire numbers; bit <c>1 &lt;&lt; code</c> in the status fault mask).</summary>
public enum DetectorFaultCode : byte
{
    /// <summary>Battery below the operating threshold.</summary>
    LowBattery = 1,

    /// <summary>Metal channel saturated (large metal or highly magnetic soil).</summary>
    SensorOverload = 2,

    /// <summary>Ground balance lost (new soil).</summary>
    GroundBalanceLost = 3,

    /// <summary>GPR channel failed.</summary>
    GprFailure = 4,

    /// <summary>Search head cable disconnected.</summary>
    HeadDisconnected = 5,
}
