using System.Runtime.InteropServices;

namespace Telemetry.Drivers.Interop;

internal static partial class Libc
{
    // asm-generic/errno-base.h and errno.h: identical on x86-64, arm and arm64.
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int EIO = 5;
    internal const int ENXIO = 6;
    internal const int EBADF = 9;
    internal const int EAGAIN = 11;
    internal const int EACCES = 13;
    internal const int EBUSY = 16;
    internal const int ENODEV = 19;
    internal const int ENOTDIR = 20;
    internal const int EINVAL = 22;
    internal const int ENOTTY = 25;
    internal const int EWOULDBLOCK = EAGAIN;
    internal const int ENOTSUP = 95;
    internal const int EOPNOTSUPP = ENOTSUP;

    /// <summary>The C library's text for an errno, e.g. "No such file or directory".</summary>
    internal static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
