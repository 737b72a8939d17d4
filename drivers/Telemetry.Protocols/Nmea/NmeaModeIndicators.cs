namespace Telemetry.Protocols.Nmea;

/// <summary>
/// The GNS mode field: one indicator character per constellation (GPS, GLONASS, Galileo, BeiDou, QZSS, NavIC,
/// and spares), up to eight, packed into one 64-bit value so the struct holding it stays allocation-free.
/// </summary>
public readonly record struct NmeaModeIndicators
{
    /// <summary>Most indicators kept.</summary>
    public const int MaxLength = 8;

    private readonly ulong _packed;

    private NmeaModeIndicators(ulong packed, int length)
    {
        _packed = packed;
        Length = length;
    }

    /// <summary>Number of indicators.</summary>
    public int Length { get; }

    /// <summary>Indicator character <paramref name="index"/> (0 = GPS).</summary>
    public byte this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Length, nameof(index));
            return (byte)(_packed >> (index * 8));
        }
    }

    /// <summary>Builds indicators from ASCII, e.g. <c>"AAN"u8</c>. False when longer than <see cref="MaxLength"/> or not letters.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> ascii, out NmeaModeIndicators indicators)
    {
        indicators = default;
        if (ascii.Length > MaxLength)
        {
            return false;
        }

        ulong packed = 0;
        for (var i = 0; i < ascii.Length; i++)
        {
            if (!char.IsAsciiLetterUpper((char)ascii[i]))
            {
                return false;
            }

            packed |= (ulong)ascii[i] << (i * 8);
        }

        indicators = new NmeaModeIndicators(packed, ascii.Length);
        return true;
    }

    /// <summary>Copies the characters into <paramref name="destination"/> and returns how many were written.</summary>
    public int CopyTo(Span<byte> destination)
    {
        for (var i = 0; i < Length; i++)
        {
            destination[i] = (byte)(_packed >> (i * 8));
        }

        return Length;
    }

    /// <summary>Best fix quality over all constellations (the position is as good as its best contributor).</summary>
    public GnssFixQuality BestQuality()
    {
        var best = GnssFixQuality.Invalid;
        for (var i = 0; i < Length; i++)
        {
            var quality = GnssModes.FromModeIndicator(this[i]);
            if (Rank(quality) > Rank(best))
            {
                best = quality;
            }
        }

        return best;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        Span<byte> chars = stackalloc byte[MaxLength];
        return System.Text.Encoding.ASCII.GetString(chars[..CopyTo(chars)]);
    }

    // RTK fixed beats float beats differential beats autonomous; estimates and manual entries rank lowest.
    private static int Rank(GnssFixQuality quality) => quality switch
    {
        GnssFixQuality.RtkFixed => 8,
        GnssFixQuality.RtkFloat => 7,
        GnssFixQuality.Pps => 6,
        GnssFixQuality.Dgps => 5,
        GnssFixQuality.Gps => 4,
        GnssFixQuality.DeadReckoning => 3,
        GnssFixQuality.Manual => 2,
        GnssFixQuality.Simulation => 1,
        _ => 0,
    };
}
