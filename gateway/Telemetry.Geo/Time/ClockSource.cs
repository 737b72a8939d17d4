namespace Telemetry.Geo.Time;

/// <summary>Where a record's UTC time came from, most trusted first.</summary>
public enum ClockSource : byte
{
    /// <summary>GNSS time: the event's monotonic timestamp mapped through the receiver's epochs.</summary>
    Gnss,

    /// <summary>The system clock while it reported itself synchronised (NTP/chrony/PPS).</summary>
    SystemSynchronised,

    /// <summary>The system clock while unsynchronised (a Raspberry Pi without RTC after boot): not to be trusted.</summary>
    Unsynchronised,
}
