using System.Runtime.InteropServices;

namespace Telemetry.Drivers.Interop;

internal static partial class Libc
{
    internal const int O_RDWR = 0x2;
    internal const int O_NOCTTY = 0x100;

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int posix_openpt(int flags);

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int grantpt(int fd);

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int unlockpt(int fd);

    [LibraryImport(Name, SetLastError = true)]
    internal static unsafe partial int ptsname_r(int fd, byte* buf, nuint buflen);

    // termios is used opaquely here (cfmakeraw fills it), so the pty code needs no struct layout of its own.
    [LibraryImport(Name, SetLastError = true)]
    internal static unsafe partial int tcgetattr(int fd, byte* termios);

    [LibraryImport(Name, SetLastError = true)]
    internal static unsafe partial int tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport(Name)]
    internal static unsafe partial void cfmakeraw(byte* termios);

    [LibraryImport(Name, SetLastError = true)]
    internal static partial int close(int fd);
}
