using Telemetry.Simulator.Core;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Gnss;

/// <summary>What a receiver reports at one epoch, with the truth it was derived from.</summary>
internal readonly record struct GnssFix(
    double Time,
    FixMode Mode,
    GeoPoint Reported,
    GeoPoint Truth,
    double SigmaNorthM,
    double SigmaEastM,
    double SigmaAltM,
    int Satellites,
    double Hdop,
    double? CorrectionAgeSeconds,
    double SpeedMps,
    double CourseDeg,
    double HeadingDeg)
{
    /// <summary>GGA fix quality (NMEA 0183): 0 invalid, 1 GPS, 4 RTK fixed, 5 RTK float.</summary>
    public int GgaQuality => Mode switch
    {
        FixMode.RtkFixed => 4,
        FixMode.RtkFloat => 5,
        FixMode.Autonomous => 1,
        _ => 0,
    };

    /// <summary>MAVLink GPS_FIX_TYPE: 1 no fix, 3 3D, 5 RTK float, 6 RTK fixed.</summary>
    public int MavlinkFixType => Mode switch
    {
        FixMode.RtkFixed => 6,
        FixMode.RtkFloat => 5,
        FixMode.Autonomous => 3,
        _ => 1,
    };
}
