using System.Runtime.InteropServices;

namespace Telemetry.Drivers.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(SafeFdHandle fd);
}
