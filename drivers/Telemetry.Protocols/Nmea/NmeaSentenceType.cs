namespace Telemetry.Protocols.Nmea;

/// <summary>The sentence formatters this library decodes; everything else is <see cref="Unknown"/>, not an error.</summary>
public enum NmeaSentenceType : byte
{
    /// <summary>A valid sentence of a type this library does not decode.</summary>
    Unknown = 0,

    /// <summary>Global positioning system fix data.</summary>
    Gga,

    /// <summary>Recommended minimum specific GNSS data.</summary>
    Rmc,

    /// <summary>GNSS pseudorange error statistics.</summary>
    Gst,

    /// <summary>Course over ground and ground speed.</summary>
    Vtg,

    /// <summary>Heading, true.</summary>
    Hdt,

    /// <summary>Time and date.</summary>
    Zda,

    /// <summary>GNSS DOP and active satellites.</summary>
    Gsa,

    /// <summary>GNSS fix data (multi-constellation successor of GGA).</summary>
    Gns,

    /// <summary>A proprietary <c>$P…</c> sentence; see <see cref="NmeaReader.Manufacturer"/>.</summary>
    Proprietary,
}

/// <summary>Maps the three formatter characters to <see cref="NmeaSentenceType"/> with one packed-integer switch (C7).</summary>
internal static class NmeaSentenceTypes
{
    public static NmeaSentenceType FromFormatter(ReadOnlySpan<byte> formatter)
    {
        if (formatter.Length != 3)
        {
            return NmeaSentenceType.Unknown;
        }

        var packed = (formatter[0] << 16) | (formatter[1] << 8) | formatter[2];
        return packed switch
        {
            ('G' << 16) | ('G' << 8) | 'A' => NmeaSentenceType.Gga,
            ('R' << 16) | ('M' << 8) | 'C' => NmeaSentenceType.Rmc,
            ('G' << 16) | ('S' << 8) | 'T' => NmeaSentenceType.Gst,
            ('V' << 16) | ('T' << 8) | 'G' => NmeaSentenceType.Vtg,
            ('H' << 16) | ('D' << 8) | 'T' => NmeaSentenceType.Hdt,
            ('Z' << 16) | ('D' << 8) | 'A' => NmeaSentenceType.Zda,
            ('G' << 16) | ('S' << 8) | 'A' => NmeaSentenceType.Gsa,
            ('G' << 16) | ('N' << 8) | 'S' => NmeaSentenceType.Gns,
            _ => NmeaSentenceType.Unknown,
        };
    }

    public static ReadOnlySpan<byte> Formatter(NmeaSentenceType type) => type switch
    {
        NmeaSentenceType.Gga => "GGA"u8,
        NmeaSentenceType.Rmc => "RMC"u8,
        NmeaSentenceType.Gst => "GST"u8,
        NmeaSentenceType.Vtg => "VTG"u8,
        NmeaSentenceType.Hdt => "HDT"u8,
        NmeaSentenceType.Zda => "ZDA"u8,
        NmeaSentenceType.Gsa => "GSA"u8,
        NmeaSentenceType.Gns => "GNS"u8,
        _ => default,
    };
}
