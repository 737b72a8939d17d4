namespace Telemetry.Protocols.J1939;

/// <summary>
/// The fields of a J1939 29-bit identifier (SAE J1939-21; domain.md §3.4):
/// priority (3) | extended data page (1) | data page (1) | PDU format PF (8) | PDU specific PS (8) | source address (8).
/// PF &lt; 240 (PDU1, addressed): PS is the destination and PGN = EDP·2^17 + DP·2^16 + PF·256.
/// PF ≥ 240 (PDU2, broadcast): PS is the group extension and PGN = EDP·2^17 + DP·2^16 + PF·256 + PS.
/// </summary>
public readonly record struct J1939Id
{
    /// <summary>The global (broadcast) address.</summary>
    public const byte GlobalAddress = 0xFF;

    /// <summary>Priority, 0 (highest) to 7.</summary>
    public byte Priority { get; init; }

    /// <summary>Parameter group number (18 bits).</summary>
    public uint Pgn { get; init; }

    /// <summary>Source address.</summary>
    public byte SourceAddress { get; init; }

    /// <summary>Destination address: PS for PDU1, <see cref="GlobalAddress"/> for PDU2.</summary>
    public byte DestinationAddress { get; init; }

    /// <summary>PDU format byte.</summary>
    public byte PduFormat => (byte)(Pgn >> 8);

    /// <summary>True for PDU1 (destination-specific) groups.</summary>
    public bool IsPdu1 => PduFormat < 240;

    /// <summary>Splits a 29-bit CAN identifier.</summary>
    public static J1939Id FromCanId(uint canId)
    {
        var pf = (byte)(canId >> 16);
        var ps = (byte)(canId >> 8);
        var pageBits = (canId >> 24) & 0x3; // EDP and DP
        var pdu1 = pf < 240;
        return new J1939Id
        {
            Priority = (byte)((canId >> 26) & 0x7),
            Pgn = (pageBits << 16) | ((uint)pf << 8) | (pdu1 ? 0u : ps),
            SourceAddress = (byte)canId,
            DestinationAddress = pdu1 ? ps : GlobalAddress,
        };
    }

    /// <summary>Builds an identifier. For a PDU1 group the low byte of <paramref name="pgn"/> must be 0.</summary>
    public static J1939Id Create(byte priority, uint pgn, byte sourceAddress, byte destinationAddress = GlobalAddress)
    {
        if (priority > 7)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), "J1939 priority is 0–7.");
        }

        if (pgn > 0x3FFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(pgn), "A PGN has 18 bits.");
        }

        var pdu1 = ((pgn >> 8) & 0xFF) < 240;
        if (pdu1 && (pgn & 0xFF) != 0)
        {
            throw new ArgumentException($"PGN {pgn} is PDU1: its low byte is the destination address and must be 0 in the PGN.", nameof(pgn));
        }

        return new J1939Id
        {
            Priority = priority,
            Pgn = pgn,
            SourceAddress = sourceAddress,
            DestinationAddress = pdu1 ? destinationAddress : GlobalAddress,
        };
    }

    /// <summary>The 29-bit CAN identifier.</summary>
    public uint ToCanId()
    {
        var ps = IsPdu1 ? DestinationAddress : (byte)Pgn;
        return ((uint)Priority << 26) | ((Pgn & 0x3FF00) << 8) | ((uint)ps << 8) | SourceAddress;
    }
}
