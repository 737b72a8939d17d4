namespace Telemetry.Drivers.Sources;

/// <summary>Why a device could not be opened; the message names the device and the fix.</summary>
public sealed class SourceOpenException : IOException
{
    /// <summary>Creates the exception.</summary>
    public SourceOpenException(string device, SourceOpenFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Device = device;
        Failure = failure;
    }

    /// <summary>The device or endpoint that failed.</summary>
    public string Device { get; }

    /// <summary>The kind of failure, for tests and metrics.</summary>
    public SourceOpenFailure Failure { get; }
}

/// <summary>Kinds of open failure.</summary>
public enum SourceOpenFailure
{
    /// <summary>The path does not exist or the device vanished (unplugged).</summary>
    Missing,

    /// <summary>Permission denied.</summary>
    Permission,

    /// <summary>Another process (or another open in this one) holds the port.</summary>
    Busy,

    /// <summary>The path exists but is not a serial device (not a tty).</summary>
    NotATerminal,

    /// <summary>The device refused the requested settings (e.g. an unsupported baud rate).</summary>
    UnsupportedSettings,

    /// <summary>A network endpoint refused or could not be reached.</summary>
    Unreachable,

    /// <summary>Anything else; the message carries errno text.</summary>
    Other,
}
