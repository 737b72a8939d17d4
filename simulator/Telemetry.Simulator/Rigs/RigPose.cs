using Telemetry.Simulator.Core;

namespace Telemetry.Simulator.Rigs;

/// <summary>Where a rig's GNSS antenna is at one instant, and how it moves.</summary>
internal readonly record struct RigPose(LocalPoint Antenna, double HeightAboveGround, double SpeedMps, double CourseDeg, double HeadingDeg, bool Working);

/// <summary>A rig a GNSS receiver can ride on. Poses must be asked for in non-decreasing time order.</summary>
internal interface IRig
{
    string Name { get; }

    RigPose PoseAt(double t);
}
