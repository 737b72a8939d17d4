namespace Telemetry.Simulator.Rigs;

/// <summary>A deminer as a GNSS rig: the antenna on the deminer, moving north at the advance speed.</summary>
internal sealed class DeminerRig(Deminer deminer) : IRig
{
    public string Name => Deminer.Name;

    public Deminer Deminer { get; } = deminer;

    public RigPose PoseAt(double t)
    {
        Deminer.AdvanceTo(t);

        // A backpack antenna sits ≈1.6 m above ground.
        return new RigPose(Deminer.Antenna, 1.6, Deminer.BodySpeed, 0, 0, !Deminer.Investigating && !Deminer.Finished);
    }
}
