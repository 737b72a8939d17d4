namespace Telemetry.Protocols.Mavlink;

/// <summary>
/// CRC-16/MCRF4XX (the "X.25" CRC of MAVLink): polynomial 0x1021 reflected (0x8408), initial value 0xFFFF,
/// no final XOR. Check value over "123456789" is 0x6F91 (catalogue of parametrised CRC algorithms).
/// </summary>
/// <remarks>Byte-wise shift form of the MAVLink reference <c>crc_accumulate</c>; no table, so nothing to warm up.</remarks>
internal static class MavlinkCrc
{
    /// <summary>Initial value.</summary>
    public const ushort Seed = 0xFFFF;

    /// <summary>Folds one byte into the running CRC.</summary>
    public static ushort Accumulate(ushort crc, byte value)
    {
        var tmp = (byte)(value ^ (byte)crc);
        tmp ^= (byte)(tmp << 4);
        return (ushort)((crc >> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >> 4));
    }

    /// <summary>Folds a run of bytes into the running CRC.</summary>
    public static ushort Accumulate(ushort crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = Accumulate(crc, b);
        }

        return crc;
    }

    /// <summary>The frame CRC: over <paramref name="covered"/> (length byte to end of payload) then CRC_EXTRA.</summary>
    public static ushort Frame(ReadOnlySpan<byte> covered, byte crcExtra) => Accumulate(Accumulate(Seed, covered), crcExtra);
}
