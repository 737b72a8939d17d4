namespace Telemetry.Protocols.Nmea;

/// <summary>
/// A two-character NMEA talker identifier packed into 16 bits (first character in the high byte),
/// so comparing talkers never touches a string.
/// </summary>
public readonly record struct NmeaTalker(ushort Packed)
{
    /// <summary>GPS.</summary>
    public static readonly NmeaTalker Gps = FromChars('G', 'P');

    /// <summary>Combined GNSS (several constellations).</summary>
    public static readonly NmeaTalker Gnss = FromChars('G', 'N');

    /// <summary>GLONASS.</summary>
    public static readonly NmeaTalker Glonass = FromChars('G', 'L');

    /// <summary>Galileo.</summary>
    public static readonly NmeaTalker Galileo = FromChars('G', 'A');

    /// <summary>BeiDou (NMEA 4.11 spelling).</summary>
    public static readonly NmeaTalker BeiDou = FromChars('G', 'B');

    /// <summary>BeiDou (older u-blox / Chinese receivers' spelling).</summary>
    public static readonly NmeaTalker BeiDouLegacy = FromChars('B', 'D');

    /// <summary>QZSS.</summary>
    public static readonly NmeaTalker Qzss = FromChars('G', 'Q');

    /// <summary>Proprietary sentences (<c>$P…</c>) have no talker; this marks them.</summary>
    public static readonly NmeaTalker Proprietary = FromChars('P', ' ');

    /// <summary>Builds a talker from its two characters.</summary>
    public static NmeaTalker FromChars(char first, char second) => new((ushort)((first << 8) | second));

    /// <summary>First character.</summary>
    public byte First => (byte)(Packed >> 8);

    /// <summary>Second character.</summary>
    public byte Second => (byte)Packed;

    /// <summary>Writes the two characters (one for proprietary) into <paramref name="destination"/>.</summary>
    public int CopyTo(Span<byte> destination)
    {
        destination[0] = First;
        if (this == Proprietary)
        {
            return 1;
        }

        destination[1] = Second;
        return 2;
    }

    /// <inheritdoc />
    public override string ToString() => this == Proprietary ? "P" : new string([(char)First, (char)Second]);
}
