using System.Runtime.InteropServices;

namespace Telemetry.Drivers.Interop;

internal static partial class Libc
{
    internal const int EFD_NONBLOCK = O_NONBLOCK;
    internal const int EFD_CLOEXEC = O_CLOEXEC;

    [LibraryImport(Name, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial SafeFdHandle EventFd(uint initialValue, int flags);
}
