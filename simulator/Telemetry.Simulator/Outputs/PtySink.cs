using Telemetry.Drivers.Pty;

namespace Telemetry.Simulator.Outputs;

/// <summary>
/// A device on a real pseudo-terminal: the gateway's serial driver opens <see cref="DevicePath"/> exactly as it
/// would open a USB adapter. Unplug closes the master (the host sees a hang-up) and removes the link path.
/// </summary>
public sealed class PtySink : QueuedSink
{
    private readonly PseudoTerminal _pty;

    /// <summary>Opens a pseudo-terminal, with a stable link at <paramref name="linkPath"/> when given.</summary>
    public PtySink(string? linkPath) => _pty = PseudoTerminal.Open(linkPath);

    /// <summary>The path a serial driver should open.</summary>
    public string DevicePath => _pty.DevicePath;

    /// <summary>True while plugged.</summary>
    public bool IsPlugged => _pty.IsPlugged;

    /// <inheritdoc />
    protected override void WriteOut(byte[] data)
    {
        if (_pty.IsPlugged)
        {
            _pty.Master.Write(data);
        }
    }

    /// <inheritdoc />
    protected override void SetPlugged(bool plugged)
    {
        if (plugged)
        {
            _pty.Replug();
        }
        else
        {
            _pty.Unplug();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _pty.Dispose();
        }
    }
}
