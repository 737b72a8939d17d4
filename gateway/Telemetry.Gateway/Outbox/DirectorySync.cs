using System.Runtime.InteropServices;

namespace Telemetry.Gateway.Outbox;

/// <summary>
/// fsync of a directory, so that creating, renaming or deleting a segment survives a power cut (POSIX makes the
/// directory entry durable only when the directory itself is synced; .NET has no API for it).
/// </summary>
internal static partial class DirectorySync
{
    // O_RDONLY is 0 on every Linux architecture. O_DIRECTORY is deliberately not used: its value differs between
    // x86-64 (0200000) and arm64 (040000), and open(2) of a directory with O_RDONLY alone is valid.
    private const int ORdOnly = 0;

    public static void Sync(string directory)
    {
        var fd = Open(directory, ORdOnly);
        if (fd < 0)
        {
            throw new IOException($"open({directory}) for fsync failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync({directory}) failed: errno {Marshal.GetLastPInvokeError()}.");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
