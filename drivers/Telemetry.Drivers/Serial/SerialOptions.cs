namespace Telemetry.Drivers.Serial;

/// <summary>Parity bit setting.</summary>
public enum Parity
{
    /// <summary>No parity bit.</summary>
    None,

    /// <summary>Odd parity.</summary>
    Odd,

    /// <summary>Even parity.</summary>
    Even,

    /// <summary>Parity bit always 1 (CMSPAR).</summary>
    Mark,

    /// <summary>Parity bit always 0 (CMSPAR).</summary>
    Space,
}

/// <summary>Stop bits per character.</summary>
public enum StopBits
{
    /// <summary>One stop bit.</summary>
    One,

    /// <summary>Two stop bits.</summary>
    Two,
}

/// <summary>Flow control.</summary>
public enum FlowControl
{
    /// <summary>None: the usual setting for GNSS receivers and detectors.</summary>
    None,

    /// <summary>Hardware RTS/CTS (CRTSCTS).</summary>
    RtsCts,

    /// <summary>Software XON/XOFF (IXON/IXOFF); never use it on binary protocols such as MAVLink.</summary>
    XonXoff,
}

/// <summary>Line settings for a serial port. Any positive baud rate is accepted; non-standard ones go through BOTHER.</summary>
public sealed record SerialOptions
{
    /// <summary>Highest rate we ask a UART for; above this the request is surely a typo.</summary>
    public const int MaxBaudRate = 16_000_000;

    /// <summary>Bits per second, e.g. 9600, 115200, or a custom rate such as 250000.</summary>
    public int BaudRate { get; init; } = 9600;

    /// <summary>Data bits: 7 or 8 (5 and 6 are accepted for old devices).</summary>
    public int DataBits { get; init; } = 8;

    /// <summary>Parity.</summary>
    public Parity Parity { get; init; } = Parity.None;

    /// <summary>Stop bits.</summary>
    public StopBits StopBits { get; init; } = StopBits.One;

    /// <summary>Flow control.</summary>
    public FlowControl FlowControl { get; init; } = FlowControl.None;

    /// <summary>
    /// Take the port exclusively: flock(LOCK_EX) plus TIOCEXCL. A second opener (another process, or gpsd or
    /// ModemManager grabbing a USB adapter) gets a "busy" error naming the holder instead of silently sharing bytes.
    /// </summary>
    public bool Exclusive { get; init; } = true;

    /// <summary>Tolerance for the rate read back from the driver; a UART that can only approximate more than this is refused.</summary>
    public double BaudTolerance { get; init; } = 0.03;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the setting, the value and the fix.</summary>
    public void Validate(string device)
    {
        if (BaudRate is <= 0 or > MaxBaudRate)
        {
            throw new ArgumentException($"{device}: baud rate {BaudRate} is not possible; use a positive rate up to {MaxBaudRate}, e.g. 4800, 9600, 38400, 115200.");
        }

        if (DataBits is < 5 or > 8)
        {
            throw new ArgumentException($"{device}: {DataBits} data bits is not possible; use 7 or 8.");
        }

        if (BaudTolerance is < 0 or > 0.1)
        {
            throw new ArgumentException($"{device}: BaudTolerance {BaudTolerance} must be within 0..0.1.");
        }
    }
}
