using System.Runtime.InteropServices;
using Telemetry.Drivers.Interop;
using Telemetry.Drivers.Sources;

namespace Telemetry.Drivers.Serial;

/// <summary>
/// One open of a tty: O_NONBLOCK descriptor, exclusive lock, raw termios2 settings. Reads block in poll() on the
/// device plus an eventfd (for Interrupt) with the watchdog as the only timeout, so an idle port costs no wake-ups.
/// </summary>
internal sealed class SerialPortConnection : IByteConnection
{
    private readonly SafeFdHandle _fd;
    private readonly Wakeup _wakeup;

    private SerialPortConnection(SafeFdHandle fd, Wakeup wakeup, string description, string path, string device)
    {
        _fd = fd;
        _wakeup = wakeup;
        Description = description;
        Path = path;
        Device = device;
    }

    public string Description { get; }

    /// <summary>The path as configured (maybe a /dev/serial/by-id link).</summary>
    public string Path { get; }

    /// <summary>The device node the path resolved to at open time.</summary>
    public string Device { get; }

    /// <summary>Opens and configures <paramref name="path"/>; every failure names the device and the fix.</summary>
    public static SerialPortConnection Open(string path, SerialOptions options)
    {
        options.Validate(path);
        var device = SerialPaths.Resolve(path);
        var description = device == path ? path : $"{path} → {device}";
        var fd = Libc.Open(path, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            fd.Dispose();
            throw SerialErrors.OpenFailed(path, device, errno);
        }

        Wakeup? wakeup = null;
        try
        {
            if (options.Exclusive)
            {
                TakeExclusive(fd, path, device);
            }

            var note = Configure(fd, path, device, options);
            if (note is not null)
            {
                description += $" ({note})";
            }

            // Bytes queued before we owned the port (a previous session, a boot banner) are stale: drop them.
            _ = Libc.Ioctl(fd, Libc.TCFLSH, Libc.TCIOFLUSH);
            wakeup = Wakeup.Create();
            return new SerialPortConnection(fd, wakeup, description, path, device);
        }
        catch
        {
            wakeup?.Dispose();
            fd.Dispose();
            throw;
        }
    }

    public unsafe ReadOutcome Read(Span<byte> buffer, int timeoutMs, out int count, out string reason)
    {
        count = 0;
        reason = string.Empty;
        while (true)
        {
            var fds = stackalloc pollfd[2];
            int ready;
            using (var device = new FdLease(_fd))
            using (var wake = new FdLease(_wakeup.Handle))
            {
                fds[0] = new pollfd { fd = device.Fd, events = Libc.POLLIN };
                fds[1] = new pollfd { fd = wake.Fd, events = Libc.POLLIN };
                ready = Libc.Poll(fds, 2, timeoutMs);
            }

            if (ready < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                reason = $"poll failed ({Libc.Describe(errno)})";
                return ReadOutcome.HungUp;
            }

            if (ready == 0)
            {
                return ReadOutcome.TimedOut;
            }

            if ((fds[1].revents & Libc.POLLIN) != 0)
            {
                return ReadOutcome.Interrupted;
            }

            var revents = fds[0].revents;
            if ((revents & Libc.POLLNVAL) != 0)
            {
                reason = "descriptor closed under the reader (POLLNVAL)";
                return ReadOutcome.HungUp;
            }

            if ((revents & (Libc.POLLIN | Libc.POLLHUP | Libc.POLLERR)) == 0)
            {
                continue;
            }

            // Read even on POLLHUP: bytes the device sent just before the unplug are still queued and count.
            nint n;
            fixed (byte* p = buffer)
            {
                n = Libc.Read(_fd, p, (nuint)buffer.Length);
            }

            if (n > 0)
            {
                count = (int)n;
                return ReadOutcome.Data;
            }

            if (n == 0)
            {
                reason = "hang-up (end of file): the device was unplugged or closed";
                return ReadOutcome.HungUp;
            }

            var readErrno = Marshal.GetLastPInvokeError();
            if (readErrno is Libc.EAGAIN or Libc.EINTR)
            {
                if ((revents & (Libc.POLLHUP | Libc.POLLERR)) != 0)
                {
                    reason = "hang-up (POLLHUP): the device was unplugged";
                    return ReadOutcome.HungUp;
                }

                continue;
            }

            reason = readErrno == Libc.EIO
                ? "hang-up (EIO): the device was unplugged or reset"
                : $"read failed ({Libc.Describe(readErrno)})";
            return ReadOutcome.HungUp;
        }
    }

    public unsafe void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            var p = start;
            var left = data.Length;
            while (left > 0)
            {
                var n = Libc.Write(_fd, p, (nuint)left);
                if (n > 0)
                {
                    p += n;
                    left -= (int)n;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                if (errno != Libc.EAGAIN)
                {
                    throw new IOException($"{Description}: write failed ({Libc.Describe(errno)})");
                }

                WaitWritable();
            }
        }
    }

    public void Interrupt() => _wakeup.Signal();

    public void Dispose()
    {
        // Closing releases the flock and TIOCEXCL with it; no TIOCNXCL needed on a descriptor we are dropping.
        _fd.Dispose();
        _wakeup.Dispose();
    }

    private static void TakeExclusive(SafeFdHandle fd, string path, string device)
    {
        if (Libc.Flock(fd, Libc.LOCK_EX | Libc.LOCK_NB) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EWOULDBLOCK)
            {
                throw SerialErrors.Busy(path, device);
            }

            throw SerialErrors.Other(path, device, "flock", errno);
        }

        if (Libc.Ioctl(fd, Libc.TIOCEXCL, 0) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == Libc.ENOTTY ? SerialErrors.NotATerminal(path, device) : SerialErrors.Other(path, device, "TIOCEXCL", errno);
        }
    }

    private static unsafe string? Configure(SafeFdHandle fd, string path, string device, SerialOptions options)
    {
        termios2 tio;
        if (Libc.Ioctl(fd, Libc.TCGETS2, &tio) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == Libc.ENOTTY ? SerialErrors.NotATerminal(path, device) : SerialErrors.Other(path, device, "TCGETS2", errno);
        }

        TermiosSettings.Apply(ref tio, options);
        if (Libc.Ioctl(fd, Libc.TCSETS2, &tio) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == Libc.EINVAL ? SerialErrors.UnsupportedBaud(path, device, options.BaudRate, 0) : SerialErrors.Other(path, device, "TCSETS2", errno);
        }

        // Read back: drivers silently round or ignore rates they cannot make; refuse rather than garble every byte.
        termios2 back;
        if (Libc.Ioctl(fd, Libc.TCGETS2, &back) != 0)
        {
            throw SerialErrors.Other(path, device, "TCGETS2", Marshal.GetLastPInvokeError());
        }

        if (!BaudRates.Accepts(options.BaudRate, back.c_ospeed, options.BaudTolerance))
        {
            throw SerialErrors.UnsupportedBaud(path, device, options.BaudRate, back.c_ospeed);
        }

        return FramingNote(tio, back);
    }

    /// <summary>
    /// Some drivers keep their own framing whatever we ask (the pty driver forces CS8 without parity). Bytes still
    /// flow, so this is reported in the description rather than refused; a mismatched device shows up as checksum errors.
    /// </summary>
    internal static string? FramingNote(in termios2 asked, in termios2 got)
    {
        const uint framing = Libc.CSIZE | Libc.PARENB | Libc.PARODD | Libc.CMSPAR | Libc.CSTOPB | Libc.CRTSCTS;
        if ((asked.c_cflag & framing) == (got.c_cflag & framing))
        {
            return null;
        }

        return $"driver kept its own framing: c_cflag framing bits 0x{got.c_cflag & framing:X} instead of 0x{asked.c_cflag & framing:X}";
    }

    private unsafe void WaitWritable()
    {
        // Output is flow-controlled (CTS low or XOFF): wait for room, or for Interrupt when the source stops.
        var fds = stackalloc pollfd[2];
        using var device = new FdLease(_fd);
        using var wake = new FdLease(_wakeup.Handle);
        fds[0] = new pollfd { fd = device.Fd, events = Libc.POLLOUT };
        fds[1] = new pollfd { fd = wake.Fd, events = Libc.POLLIN };
        if (Libc.Poll(fds, 2, -1) < 0 && Marshal.GetLastPInvokeError() != Libc.EINTR)
        {
            throw new IOException($"{Description}: poll for writing failed ({Libc.Describe(Marshal.GetLastPInvokeError())})");
        }

        if ((fds[1].revents & Libc.POLLIN) != 0)
        {
            throw new IOException($"{Description}: closed while waiting to write");
        }

        if ((fds[0].revents & (Libc.POLLHUP | Libc.POLLERR | Libc.POLLNVAL)) != 0)
        {
            throw new IOException($"{Description}: hang-up while writing");
        }
    }

    internal static string Show(string path, string device) => device == path ? path : $"{path} (→ {device})";
}
