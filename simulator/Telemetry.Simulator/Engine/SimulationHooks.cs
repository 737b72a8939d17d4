namespace Telemetry.Simulator.Engine;

/// <summary>
/// Callbacks a test harness or the demo gives the simulator for faults outside the device streams. Called on the
/// simulation thread at the fault's simulation time; keep them short (start a task if the work is long).
/// </summary>
public sealed record SimulationHooks
{
    /// <summary>Broker outage starts (true) or ends (false): stop and restart the broker or block its port.</summary>
    public Action<bool>? BrokerOutage { get; init; }

    /// <summary>The rig clock jumps by the given offset (also applied to <see cref="RigClock"/>).</summary>
    public Action<TimeSpan>? ClockJump { get; init; }

    /// <summary>A device is unplugged (false) or replugged (true), after its sink has been told.</summary>
    public Action<string, bool>? DevicePlug { get; init; }
}
