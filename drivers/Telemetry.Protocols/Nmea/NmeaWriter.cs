using System.Buffers;

namespace Telemetry.Protocols.Nmea;

/// <summary>
/// Writes NMEA 0183 sentences into an <see cref="IBufferWriter{T}"/> (the simulator's GNSS emitter).
/// Each call writes one whole sentence with its checksum and CR LF; null fields are written empty.
/// </summary>
/// <remarks>
/// Field resolution: coordinates <see cref="DefaultMinuteDecimals"/> minute decimals unless given (5 ≈ 1.9 cm,
/// which keeps a full GGA within NMEA's 82 characters; 7 for survey-grade output), altitudes and sigmas in
/// millimetres, DOPs two decimals, speeds three, angles two. Sentences that would pass the 128-byte cap throw.
/// </remarks>
public static class NmeaWriter
{
    /// <summary>Minute decimals for latitude and longitude unless the caller asks for more.</summary>
    public const int DefaultMinuteDecimals = 5;

    /// <summary>Writes <c>$--GGA</c>.</summary>
    public static void WriteGga(IBufferWriter<byte> output, NmeaTalker talker, in GgaData data, int minuteDecimals = DefaultMinuteDecimals)
    {
        var s = new NmeaSentenceBuilder(output, talker, "GGA"u8);
        s.Time(data.Time);
        s.Latitude(data.Latitude, minuteDecimals);
        s.Longitude(data.Longitude, minuteDecimals);
        s.Int((int?)data.Quality);
        s.Int(data.SatellitesUsed, 2);
        s.Fixed(data.Hdop, 2);
        s.FixedWithUnit(data.AltitudeMsl, 3, (byte)'M');
        s.FixedWithUnit(data.GeoidSeparation, 3, (byte)'M');
        s.Fixed(data.DifferentialAge, 1);
        s.Int(data.DifferentialStation, 4);
        s.Commit();
    }

    /// <summary>Writes <c>$--RMC</c> (NMEA 4.1 layout: with mode and navigational status when present).</summary>
    public static void WriteRmc(IBufferWriter<byte> output, NmeaTalker talker, in RmcData data, int minuteDecimals = DefaultMinuteDecimals)
    {
        var s = new NmeaSentenceBuilder(output, talker, "RMC"u8);
        s.Time(data.Time);
        s.Char(data.Status);
        s.Latitude(data.Latitude, minuteDecimals);
        s.Longitude(data.Longitude, minuteDecimals);
        s.Fixed(data.SpeedKnots, 3);
        s.Fixed(data.CourseTrue, 2);
        s.Date(data.Date);
        s.Fixed(data.MagneticVariation is { } v ? Math.Abs(v) : null, 2);
        s.Char(data.MagneticVariation is { } side ? (side < 0 ? (byte)'W' : (byte)'E') : null);
        s.Char(data.Mode);
        if (data.NavigationalStatus is not null)
        {
            s.Char(data.NavigationalStatus);
        }

        s.Commit();
    }

    /// <summary>Writes <c>$--GST</c>.</summary>
    public static void WriteGst(IBufferWriter<byte> output, NmeaTalker talker, in GstData data)
    {
        var s = new NmeaSentenceBuilder(output, talker, "GST"u8);
        s.Time(data.Time);
        s.Fixed(data.RangeRms, 3);
        s.Fixed(data.SigmaMajor, 3);
        s.Fixed(data.SigmaMinor, 3);
        s.Fixed(data.Orientation, 2);
        s.Fixed(data.SigmaLatitude, 3);
        s.Fixed(data.SigmaLongitude, 3);
        s.Fixed(data.SigmaAltitude, 3);
        s.Commit();
    }

    /// <summary>Writes <c>$--VTG</c>.</summary>
    public static void WriteVtg(IBufferWriter<byte> output, NmeaTalker talker, in VtgData data)
    {
        var s = new NmeaSentenceBuilder(output, talker, "VTG"u8);
        s.Fixed(data.CourseTrue, 2);
        s.Char((byte)'T');
        s.Fixed(data.CourseMagnetic, 2);
        s.Char((byte)'M');
        s.Fixed(data.SpeedKnots, 3);
        s.Char((byte)'N');
        s.Fixed(data.SpeedKmh, 3);
        s.Char((byte)'K');
        s.Char(data.Mode);
        s.Commit();
    }

    /// <summary>Writes <c>$--HDT</c>.</summary>
    public static void WriteHdt(IBufferWriter<byte> output, NmeaTalker talker, in HdtData data)
    {
        var s = new NmeaSentenceBuilder(output, talker, "HDT"u8);
        s.Fixed(data.Heading, 2);
        s.Char((byte)'T');
        s.Commit();
    }

    /// <summary>Writes <c>$--ZDA</c>.</summary>
    public static void WriteZda(IBufferWriter<byte> output, NmeaTalker talker, in ZdaData data)
    {
        var s = new NmeaSentenceBuilder(output, talker, "ZDA"u8);
        s.Time(data.Time);
        s.Int(data.Date?.Day, 2);
        s.Int(data.Date?.Month, 2);
        s.Int(data.Date?.Year, 4);
        s.Int(data.LocalZoneHours, 2);
        s.Int(data.LocalZoneMinutes is { } m ? Math.Abs(m) : null, 2);
        s.Commit();
    }

    /// <summary>Writes <c>$--GSA</c>; unused satellite slots are empty, and the system id is written when present.</summary>
    public static void WriteGsa(IBufferWriter<byte> output, NmeaTalker talker, in GsaData data)
    {
        var s = new NmeaSentenceBuilder(output, talker, "GSA"u8);
        s.Char(data.SelectionMode);
        s.Int(data.FixType);
        for (var i = 0; i < GsaData.MaxSatellites; i++)
        {
            s.Int(i < data.SatelliteCount ? data.Satellites[i] : null, 2);
        }

        s.Fixed(data.Pdop, 2);
        s.Fixed(data.Hdop, 2);
        s.Fixed(data.Vdop, 2);
        if (data.SystemId is not null)
        {
            s.Int(data.SystemId);
        }

        s.Commit();
    }

    /// <summary>Writes <c>$--GNS</c>.</summary>
    public static void WriteGns(IBufferWriter<byte> output, NmeaTalker talker, in GnsData data, int minuteDecimals = DefaultMinuteDecimals)
    {
        var s = new NmeaSentenceBuilder(output, talker, "GNS"u8);
        s.Time(data.Time);
        s.Latitude(data.Latitude, minuteDecimals);
        s.Longitude(data.Longitude, minuteDecimals);
        Span<byte> mode = stackalloc byte[NmeaModeIndicators.MaxLength];
        s.Field(mode[..data.Mode.CopyTo(mode)]);
        s.Int(data.SatellitesUsed, 2);
        s.Fixed(data.Hdop, 2);
        s.Fixed(data.AltitudeMsl, 3);
        s.Fixed(data.GeoidSeparation, 3);
        s.Fixed(data.DifferentialAge, 1);
        s.Int(data.DifferentialStation, 4);
        if (data.NavigationalStatus is not null)
        {
            s.Char(data.NavigationalStatus);
        }

        s.Commit();
    }
}
