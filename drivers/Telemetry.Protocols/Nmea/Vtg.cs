namespace Telemetry.Protocols.Nmea;

/// <summary>VTG: course and speed over ground.</summary>
public readonly record struct VtgData
{
    /// <summary>Course over ground, degrees true.</summary>
    public double? CourseTrue { get; init; }

    /// <summary>Course over ground, degrees magnetic.</summary>
    public double? CourseMagnetic { get; init; }

    /// <summary>Speed over ground, knots.</summary>
    public double? SpeedKnots { get; init; }

    /// <summary>Speed over ground, km/h.</summary>
    public double? SpeedKmh { get; init; }

    /// <summary>Mode indicator (NMEA 2.3+).</summary>
    public byte? Mode { get; init; }
}

public ref partial struct NmeaReader
{
    /// <summary>Decodes the fields of a VTG sentence. False when a field is malformed.</summary>
    /// <remarks>NMEA 0183 VTG: <c>x.x,T,x.x,M,x.x,N,x.x,K,m</c>.</remarks>
    public bool TryReadVtg(out VtgData data)
    {
        data = default;
        if (!TryReadWithUnit((byte)'T', out var course) || !TryReadWithUnit((byte)'M', out var magnetic)
            || !TryReadWithUnit((byte)'N', out var knots) || !TryReadWithUnit((byte)'K', out var kmh) || !TryReadChar(out var mode))
        {
            return false;
        }

        data = new VtgData { CourseTrue = course, CourseMagnetic = magnetic, SpeedKnots = knots, SpeedKmh = kmh, Mode = mode };
        return true;
    }
}
