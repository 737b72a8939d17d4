namespace Telemetry.Protocols.Nmea;

/// <summary>HDT: true heading (dual-antenna receivers on machines and drones).</summary>
public readonly record struct HdtData
{
    /// <summary>Heading, degrees true.</summary>
    public double? Heading { get; init; }
}

public ref partial struct NmeaReader
{
    /// <summary>Decodes the fields of an HDT sentence. False when a field is malformed.</summary>
    /// <remarks>NMEA 0183 HDT: <c>x.x,T</c>.</remarks>
    public bool TryReadHdt(out HdtData data)
    {
        var ok = TryReadWithUnit((byte)'T', out var heading);
        data = ok ? new HdtData { Heading = heading } : default;
        return ok;
    }
}
