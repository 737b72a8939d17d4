using System.Runtime.InteropServices;

namespace Telemetry.Drivers.Interop;

internal static partial class Libc
{
    // ioctl is variadic in C; the third argument is always a pointer (or a pointer-sized int) on the ABIs we run on.
    [LibraryImport(Name, EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int Ioctl(SafeFdHandle fd, nuint request, void* argument);

    [LibraryImport(Name, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(SafeFdHandle fd, nuint request, nint argument);

    // asm-generic/ioctl.h encoding: dir(2) | size(14) | type(8) | nr(8).
    internal const uint IocNone = 0;
    internal const uint IocWrite = 1;
    internal const uint IocRead = 2;

    internal static uint IoctlNumber(uint direction, uint type, uint number, int size) =>
        (direction << 30) | ((uint)size << 16) | (type << 8) | number;
}
