using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Telemetry.Drivers.Interop;

// Serial line settings through the kernel's termios2 ioctls (TCGETS2/TCSETS2) rather than glibc's tcsetattr:
// termios2 carries arbitrary baud rates (BOTHER + c_ospeed), and one struct serves every rate.
// Values: asm-generic/termbits.h and asm-generic/ioctls.h (x86-64, arm, arm64); checked by the gcc ABI test.
internal static partial class Libc
{
    internal const int NCCS2 = 19;

    // c_iflag
    internal const uint IGNBRK = 0x1;
    internal const uint BRKINT = 0x2;
    internal const uint IGNPAR = 0x4;
    internal const uint PARMRK = 0x8;
    internal const uint INPCK = 0x10;
    internal const uint ISTRIP = 0x20;
    internal const uint INLCR = 0x40;
    internal const uint IGNCR = 0x80;
    internal const uint ICRNL = 0x100;
    internal const uint IXON = 0x400;
    internal const uint IXANY = 0x800;
    internal const uint IXOFF = 0x1000;
    internal const uint IMAXBEL = 0x2000;

    // c_oflag
    internal const uint OPOST = 0x1;

    // c_cflag
    internal const uint CBAUD = 0x100F;
    internal const uint CSIZE = 0x30;
    internal const uint CS7 = 0x20;
    internal const uint CS8 = 0x30;
    internal const uint CSTOPB = 0x40;
    internal const uint CREAD = 0x80;
    internal const uint PARENB = 0x100;
    internal const uint PARODD = 0x200;
    internal const uint HUPCL = 0x400;
    internal const uint CLOCAL = 0x800;
    internal const uint BOTHER = 0x1000;
    internal const uint CIBAUD = 0x100F0000;
    internal const int IBSHIFT = 16;
    internal const uint CMSPAR = 0x40000000;
    internal const uint CRTSCTS = 0x80000000;

    // c_lflag
    internal const uint ISIG = 0x1;
    internal const uint ICANON = 0x2;
    internal const uint ECHO = 0x8;
    internal const uint ECHOE = 0x10;
    internal const uint ECHOK = 0x20;
    internal const uint ECHONL = 0x40;
    internal const uint IEXTEN = 0x8000;

    // c_cc indices
    internal const int VTIME = 5;
    internal const int VMIN = 6;
    internal const int VSTART = 8;
    internal const int VSTOP = 9;

    internal const uint TIOCEXCL = 0x540C;
    internal const uint TIOCNXCL = 0x540D;
    internal const uint TCFLSH = 0x540B;
    internal const int TCIOFLUSH = 2;

    internal static readonly uint TCGETS2 = IoctlNumber(IocRead, 'T', 0x2A, Unsafe.SizeOf<termios2>());
    internal static readonly uint TCSETS2 = IoctlNumber(IocWrite, 'T', 0x2B, Unsafe.SizeOf<termios2>());
}

#pragma warning disable SA1300, SA1307, CS8981 // kernel spelling, so the layout test can name fields as <asm/termbits.h> does
[StructLayout(LayoutKind.Explicit, Size = 44)]
internal unsafe struct termios2
{
    [FieldOffset(0)]
    public uint c_iflag;
    [FieldOffset(4)]
    public uint c_oflag;
    [FieldOffset(8)]
    public uint c_cflag;
    [FieldOffset(12)]
    public uint c_lflag;
    [FieldOffset(16)]
    public byte c_line;
    [FieldOffset(17)]
    public fixed byte c_cc[Libc.NCCS2];
    [FieldOffset(36)]
    public uint c_ispeed;
    [FieldOffset(40)]
    public uint c_ospeed;
}
#pragma warning restore SA1300, SA1307, CS8981
