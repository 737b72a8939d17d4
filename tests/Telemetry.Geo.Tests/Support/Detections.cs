using System.Text;
using Telemetry.Geo.Detections;
using Telemetry.Geo.Time;

namespace Telemetry.Geo.Tests.Support;

internal static class TestDetections
{
    public static readonly byte[] AlarmLine = Encoding.ASCII.GetBytes("$PXDMA,0042,812,655,340,0,none*5B\r\n");

    public static DetectionInput Metal(long monotonicNs, string device = "vmr3-0142") => new(
        device,
        DetectionKind.Metal,
        monotonicNs,
        new DetectionSignal { EventId = 42, MdAmplitude = 812, GprEnergy = 655, DurationMs = 340, AlarmLevel = 1 },
        AlarmLine,
        "nmea0183");

    /// <summary>A clock reading shortly after the event, system clock in step with GNSS time and synchronised.</summary>
    public static SystemClockSample Now(double t, bool synchronised = true) =>
        new(SyntheticTrack.UtcAt(t + 0.05), SyntheticTrack.MonotonicAt(t + 0.05), synchronised);
}
