namespace Telemetry.Drivers.Interop;

internal static partial class Libc
{
    // glibc's soname; the name "libc" alone resolves through the loader's probing to the same library.
    internal const string Name = "libc";
}
