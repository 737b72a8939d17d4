using System.Runtime.InteropServices;

namespace Telemetry.Drivers.Interop;

internal static partial class Libc
{
    // asm-generic/fcntl.h values, shared by x86-64, arm and arm64 (the rig and CI).
    internal const int O_RDONLY = 0x0;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;

    [LibraryImport(Name, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeFdHandle Open(string path, int flags, int mode = 0);
}
