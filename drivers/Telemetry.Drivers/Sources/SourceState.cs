namespace Telemetry.Drivers.Sources;

/// <summary>Liveness of one device or stream, as the gateway reports it.</summary>
public enum SourceState
{
    /// <summary>Not open: the device is missing, refused, hung up, or the source waits to retry.</summary>
    Absent,

    /// <summary>An open (or connect) attempt is in progress.</summary>
    Opening,

    /// <summary>Open and delivering bytes (or open and not yet past the no-data watchdog).</summary>
    Up,

    /// <summary>Open but silent beyond the no-data watchdog; the source closes and reopens it.</summary>
    Stalled,

    /// <summary>Finished for good: disposed, or a replay reached the end of its file.</summary>
    Stopped,
}

/// <summary>One state transition with the reason, e.g. the error text that names the device and the fix.</summary>
public sealed class SourceStateChangedEventArgs(SourceState previous, SourceState current, string reason) : EventArgs
{
    /// <summary>The state before the change.</summary>
    public SourceState Previous { get; } = previous;

    /// <summary>The state now.</summary>
    public SourceState Current { get; } = current;

    /// <summary>Why: "opened /dev/serial/by-id/x → /dev/ttyUSB0", "hang-up (EIO)", "no data for 5 s", an open error.</summary>
    public string Reason { get; } = reason;
}
