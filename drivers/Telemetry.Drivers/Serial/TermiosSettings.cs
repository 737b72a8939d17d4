using Telemetry.Drivers.Interop;

namespace Telemetry.Drivers.Serial;

/// <summary>Turns <see cref="SerialOptions"/> into raw-mode termios2 flags (the cfmakeraw set plus line settings).</summary>
internal static class TermiosSettings
{
    public static unsafe void Apply(ref termios2 tio, SerialOptions options)
    {
        // Raw: no break/CR/LF translation, no parity marking or stripping, no echo, no signals, no canonical lines.
        tio.c_iflag &= ~(Libc.IGNBRK | Libc.BRKINT | Libc.PARMRK | Libc.ISTRIP | Libc.INLCR | Libc.IGNCR | Libc.ICRNL
            | Libc.IXON | Libc.IXOFF | Libc.IXANY | Libc.INPCK | Libc.IMAXBEL);
        tio.c_oflag &= ~Libc.OPOST;
        tio.c_lflag &= ~(Libc.ECHO | Libc.ECHONL | Libc.ICANON | Libc.ISIG | Libc.IEXTEN | Libc.ECHOE | Libc.ECHOK);
        tio.c_cflag &= ~(Libc.CSIZE | Libc.PARENB | Libc.PARODD | Libc.CMSPAR | Libc.CSTOPB | Libc.CRTSCTS | Libc.CBAUD | Libc.CIBAUD | Libc.HUPCL);

        // CLOCAL: ignore modem-control lines so a missing DCD does not block open or reads; CREAD: enable the receiver.
        tio.c_cflag |= Libc.CLOCAL | Libc.CREAD;
        tio.c_cflag |= options.DataBits switch
        {
            5 => 0u,
            6 => 0x10u,
            7 => Libc.CS7,
            _ => Libc.CS8,
        };

        switch (options.Parity)
        {
            case Parity.Odd:
                tio.c_cflag |= Libc.PARENB | Libc.PARODD;
                break;
            case Parity.Even:
                tio.c_cflag |= Libc.PARENB;
                break;
            case Parity.Mark:
                tio.c_cflag |= Libc.PARENB | Libc.CMSPAR | Libc.PARODD;
                break;
            case Parity.Space:
                tio.c_cflag |= Libc.PARENB | Libc.CMSPAR;
                break;
            default:
                break;
        }

        if (options.Parity != Parity.None)
        {
            // Check parity and let the kernel drop bad characters; the framer's checksum catches the rest.
            tio.c_iflag |= Libc.INPCK;
        }

        if (options.StopBits == StopBits.Two)
        {
            tio.c_cflag |= Libc.CSTOPB;
        }

        switch (options.FlowControl)
        {
            case FlowControl.RtsCts:
                tio.c_cflag |= Libc.CRTSCTS;
                break;
            case FlowControl.XonXoff:
                tio.c_iflag |= Libc.IXON | Libc.IXOFF;
                tio.c_cc[Libc.VSTART] = 0x11;
                tio.c_cc[Libc.VSTOP] = 0x13;
                break;
            default:
                break;
        }

        // Speed: the Bxxx code for standard rates, BOTHER + c_ospeed/c_ispeed for the rest; input speed = output speed.
        var code = BaudRates.CodeFor(options.BaudRate);
        tio.c_cflag |= code | (code << Libc.IBSHIFT);
        tio.c_ispeed = (uint)options.BaudRate;
        tio.c_ospeed = (uint)options.BaudRate;

        // Non-blocking reads driven by poll(): return whatever is there.
        tio.c_cc[Libc.VMIN] = 0;
        tio.c_cc[Libc.VTIME] = 0;
    }
}
