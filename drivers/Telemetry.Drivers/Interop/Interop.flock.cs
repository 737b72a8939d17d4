using System.Runtime.InteropServices;

namespace Telemetry.Drivers.Interop;

internal static partial class Libc
{
    internal const int LOCK_EX = 2;
    internal const int LOCK_NB = 4;
    internal const int LOCK_UN = 8;

    // flock locks belong to the open file description: two opens of one tty conflict even inside one process
    // and even for root, where TIOCEXCL is bypassed (CAP_SYS_ADMIN).
    [LibraryImport(Name, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(SafeFdHandle fd, int operation);
}
