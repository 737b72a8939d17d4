using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Telemetry.Drivers.Interop;

namespace Telemetry.Drivers.Pty;

/// <summary>
/// A real pseudo-terminal pair. The slave side (<see cref="DevicePath"/>) is what a serial driver opens, exactly
/// as it would open /dev/ttyUSB0; the master side (<see cref="Master"/>) plays the device. An optional stable
/// link path makes "unplug and replug at the same path" possible, like a USB adapter under /dev/serial/by-id.
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    // glibc's struct termios is 60 bytes; a larger buffer keeps the opaque calls safe on any libc layout.
    private const int TermiosBufferSize = 256;
    private const int TcsaNow = 0;

    private readonly string? _linkPath;
    private FileStream? _master;
    private string _slavePath = string.Empty;

    private PseudoTerminal(string? linkPath)
    {
        _linkPath = linkPath;
        Plug();
    }

    /// <summary>The slave device, e.g. /dev/pts/7. Changes after <see cref="Replug"/>.</summary>
    public string SlavePath => _slavePath;

    /// <summary>The path a driver should open: the stable link when one was asked for, else the slave device.</summary>
    public string DevicePath => _linkPath ?? _slavePath;

    /// <summary>True while the "device" is plugged in.</summary>
    public bool IsPlugged => _master is not null;

    /// <summary>The device's end: write what the device sends, read what the host sends to it.</summary>
    public Stream Master => _master ?? throw new InvalidOperationException($"The pseudo-terminal behind {DevicePath} is unplugged.");

    /// <summary>Opens a new pair. With <paramref name="linkPath"/>, a symbolic link there points at the slave.</summary>
    public static PseudoTerminal Open(string? linkPath = null) => new(linkPath);

    /// <summary>
    /// Simulates pulling the USB plug: the master closes, so the host's open slave gets a hang-up (POLLHUP/EIO),
    /// and the link path disappears as a udev link would.
    /// </summary>
    public void Unplug()
    {
        if (_linkPath is not null)
        {
            File.Delete(_linkPath);
        }

        _master?.Dispose();
        _master = null;
    }

    /// <summary>Plugs a fresh pair in; the link path (if any) now points at the new slave device.</summary>
    public void Replug()
    {
        Unplug();
        Plug();
    }

    /// <inheritdoc />
    public void Dispose() => Unplug();

    private unsafe void Plug()
    {
        // O_CLOEXEC: a child process started meanwhile (a broker, a gateway under test) must not inherit the master,
        // or closing it here would no longer hang up the slave and "unplug" would go unnoticed.
        var fd = Libc.posix_openpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"posix_openpt failed (errno {Marshal.GetLastPInvokeError()}): is /dev/ptmx available?");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            Check(Libc.grantpt(fd), "grantpt");
            Check(Libc.unlockpt(fd), "unlockpt");
            var name = stackalloc byte[128];
            Check(Libc.ptsname_r(fd, name, 128), "ptsname_r");
            _slavePath = Encoding.ASCII.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(name));

            // Raw from the start: a cooked line discipline would turn CR into LF and echo bytes back,
            // corrupting NMEA and SLCAN frames written before the host opens the slave and sets its own mode.
            var termios = stackalloc byte[TermiosBufferSize];
            Check(Libc.tcgetattr(fd, termios), "tcgetattr");
            Libc.cfmakeraw(termios);
            Check(Libc.tcsetattr(fd, TcsaNow, termios), "tcsetattr");

            if (_linkPath is not null)
            {
                // Create-then-rename so a reader never sees a missing or half-made link.
                var temp = _linkPath + ".tmp-" + Environment.ProcessId;
                File.Delete(temp);
                File.CreateSymbolicLink(temp, _slavePath);
                File.Move(temp, _linkPath, overwrite: true);
            }

            _master = new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new IOException($"{call} failed on a new pseudo-terminal (errno {Marshal.GetLastPInvokeError()}).");
        }
    }
}
