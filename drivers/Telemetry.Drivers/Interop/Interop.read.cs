using System.Runtime.InteropServices;

namespace Telemetry.Drivers.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint Read(SafeFdHandle fd, byte* buffer, nuint count);

    [LibraryImport(Name, EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint Write(SafeFdHandle fd, byte* buffer, nuint count);
}
