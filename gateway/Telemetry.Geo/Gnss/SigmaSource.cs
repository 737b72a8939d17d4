namespace Telemetry.Geo.Gnss;

/// <summary>Where a fix's horizontal σ came from.</summary>
public enum SigmaSource : byte
{
    /// <summary>Receiver-reported σ of latitude and longitude (NMEA GST).</summary>
    Gst,

    /// <summary>HDOP × the UERE configured for the fix type (<see cref="UereModel"/>).</summary>
    Hdop,

    /// <summary>Neither GST nor HDOP: the fix type's UERE × an assumed HDOP of 2 (pessimistic default).</summary>
    FixTypeDefault,
}
