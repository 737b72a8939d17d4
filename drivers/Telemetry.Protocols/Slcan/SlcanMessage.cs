using Telemetry.Protocols.Can;

namespace Telemetry.Protocols.Slcan;

/// <summary>What an SLCAN line is.</summary>
public enum SlcanKind : byte
{
    /// <summary>Nothing (default value).</summary>
    None,

    /// <summary><c>t</c>/<c>T</c>: a received (or to-send) data frame.</summary>
    Data,

    /// <summary><c>r</c>/<c>R</c>: a remote (RTR) frame.</summary>
    Remote,

    /// <summary>Bare <c>\r</c>: the adapter accepted the last command.</summary>
    Ack,

    /// <summary><c>\a</c> (BEL): the adapter refused the last command.</summary>
    Error,

    /// <summary><c>z\r</c> / <c>Z\r</c>: a transmitted standard / extended frame was queued.</summary>
    TransmitAck,

    /// <summary><c>Fxx\r</c>: status flags (bit 0 RX FIFO full, 1 TX FIFO full, 2 error warning, 3 data overrun, 5 error passive, 6 arbitration lost, 7 bus error).</summary>
    Status,

    /// <summary><c>Vhhss\r</c>: hardware and software version.</summary>
    Version,

    /// <summary><c>Nxxxx\r</c>: serial number.</summary>
    Serial,
}

/// <summary>One decoded SLCAN line.</summary>
public readonly struct SlcanMessage
{
    /// <summary>Kind of line.</summary>
    public SlcanKind Kind { get; init; }

    /// <summary>The CAN frame for <see cref="SlcanKind.Data"/> and <see cref="SlcanKind.Remote"/>.</summary>
    public CanFrame Frame { get; init; }

    /// <summary>True when the adapter appended a timestamp (<c>Z1</c> mode).</summary>
    public bool HasTimestamp { get; init; }

    /// <summary>Adapter timestamp in ms, wrapping at 60,000 (0xEA60).</summary>
    public ushort TimestampMs { get; init; }

    /// <summary>
    /// Status flags for <see cref="SlcanKind.Status"/>; version as 0xhhss for <see cref="SlcanKind.Version"/>;
    /// extended flag (1) for <see cref="SlcanKind.TransmitAck"/>.
    /// </summary>
    public ushort Value { get; init; }

    /// <summary>Serial number characters (4 ASCII bytes, first in the low byte) for <see cref="SlcanKind.Serial"/>.</summary>
    public uint Serial { get; init; }
}
