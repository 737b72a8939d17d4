namespace Telemetry.Simulator.Engine;

/// <summary>
/// The field rig's wall clock during a simulation: the scenario start plus simulation time plus every scripted clock
/// jump. A gateway under test uses it as its TimeProvider so a scripted jump hits it exactly as an NTP step would,
/// while GNSS time (satellite time) never jumps.
/// </summary>
public sealed class RigClock : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly Func<double> _simulationTime;
    private long _offsetTicks;

    internal RigClock(DateTimeOffset start, Func<double> simulationTime)
    {
        _start = start;
        _simulationTime = simulationTime;
    }

    /// <summary>Sum of the clock jumps so far.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() =>
        _start.AddTicks((long)Math.Round(_simulationTime() * TimeSpan.TicksPerSecond)) + Offset;

    internal void Jump(TimeSpan offset) => Interlocked.Add(ref _offsetTicks, offset.Ticks);
}
