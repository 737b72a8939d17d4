namespace Telemetry.Drivers.Serial;

/// <summary>Resolving /dev/serial/by-id (udev) links, and finding who holds a busy port.</summary>
internal static class SerialPaths
{
    /// <summary>The device node behind <paramref name="path"/>, following every link; the path itself when it is not a link.</summary>
    public static string Resolve(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is null)
            {
                return path;
            }

            // A dangling link (adapter unplugged, udev not yet cleaned up) resolves to its target name anyway.
            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
        catch (UnauthorizedAccessException)
        {
            return path;
        }
    }

    /// <summary>
    /// Processes with <paramref name="device"/> open, as "pid 1234 (gpsd)", by reading /proc/*/fd links — what
    /// `fuser` does. Best effort: processes we may not inspect are skipped.
    /// </summary>
    public static IReadOnlyList<string> Holders(string device)
    {
        var holders = new List<string>();
        IEnumerable<string> processes;
        try
        {
            processes = Directory.EnumerateDirectories("/proc");
        }
        catch (IOException)
        {
            return holders;
        }

        foreach (var dir in processes)
        {
            var name = System.IO.Path.GetFileName(dir);
            if (!int.TryParse(name, out var pid) || !HoldsDevice(dir, device))
            {
                continue;
            }

            var command = ReadCommand(dir);
            holders.Add(pid == Environment.ProcessId ? $"pid {pid} ({command}, this process)" : $"pid {pid} ({command})");
            if (holders.Count >= 5)
            {
                break;
            }
        }

        return holders;
    }

    private static bool HoldsDevice(string processDir, string device)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries(System.IO.Path.Combine(processDir, "fd")))
            {
                if (new FileInfo(fd).LinkTarget == device)
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process exited or hides its descriptors; it cannot be named, so it is skipped.
            return false;
        }

        return false;
    }

    private static string ReadCommand(string processDir)
    {
        try
        {
            return File.ReadAllText(System.IO.Path.Combine(processDir, "comm")).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
