namespace Telemetry.Simulator.Scenarios;

/// <summary>One scripted fault: what, when, for how long, on which device.</summary>
public sealed record FaultSpec
{
    /// <summary>What goes wrong.</summary>
    public FaultKind Kind { get; set; }

    /// <summary>Simulation second the fault starts.</summary>
    public double At { get; set; }

    /// <summary>How long it lasts, s (ignored for clock jumps).</summary>
    public double DurationSeconds { get; set; } = 10;

    /// <summary>Device name the fault acts on (not needed for clockJump and brokerOutage).</summary>
    public string? Device { get; set; }

    /// <summary>corrupt/drop: probability per byte; noise: random bytes per second.</summary>
    public double Rate { get; set; } = 0.01;

    /// <summary>multipath: size of the position jump, m.</summary>
    public double JumpM { get; set; } = 0.5;

    /// <summary>clockJump: seconds the rig clock jumps (negative = backwards).</summary>
    public double OffsetSeconds { get; set; } = 3600;

    /// <summary>baudMismatch: the rate the device actually transmits at.</summary>
    public int ActualBaud { get; set; } = 9600;
}

/// <summary>Kinds of scripted fault.</summary>
public enum FaultKind
{
    /// <summary>Bytes flipped at random (a noisy cable).</summary>
    Corrupt,

    /// <summary>Bytes lost (UART overrun).</summary>
    Drop,

    /// <summary>Random bytes injected between frames (EMI burst).</summary>
    Noise,

    /// <summary>The device's adapter unplugged at the start, replugged at the end.</summary>
    Unplug,

    /// <summary>The device transmits at another baud rate than the host reads at.</summary>
    BaudMismatch,

    /// <summary>RTK corrections lost: fixed → float → autonomous, re-converging after.</summary>
    RtkLoss,

    /// <summary>The GNSS receiver outputs nothing.</summary>
    GnssDropout,

    /// <summary>Multipath: the reported position jumps by JumpM for the duration.</summary>
    Multipath,

    /// <summary>The rig clock jumps by OffsetSeconds (reported through the hook and the rig clock).</summary>
    ClockJump,

    /// <summary>The uplink broker is unreachable for the duration (reported through the hook).</summary>
    BrokerOutage,
}

/// <summary>Where one device's bytes go.</summary>
public sealed record OutputSpec
{
    /// <summary>Device name.</summary>
    public string Device { get; set; } = string.Empty;

    /// <summary>Output kind.</summary>
    public OutputKind Kind { get; set; }

    /// <summary>pty: stable link path to create; file: capture file path.</summary>
    public string? Path { get; set; }

    /// <summary>tcp: "host:port" to listen on; udp: "host:port" to send to.</summary>
    public string? Endpoint { get; set; }
}

/// <summary>Kinds of device output.</summary>
public enum OutputKind
{
    /// <summary>A capture file.</summary>
    File,

    /// <summary>A pseudo-terminal the gateway's serial driver opens.</summary>
    Pty,

    /// <summary>A TCP listener; every connected client gets the stream.</summary>
    Tcp,

    /// <summary>UDP datagrams to an endpoint.</summary>
    Udp,
}
