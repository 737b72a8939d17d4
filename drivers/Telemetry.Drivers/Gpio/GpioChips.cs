using System.Runtime.InteropServices;
using System.Text;
using Telemetry.Drivers.Interop;

namespace Telemetry.Drivers.Gpio;

/// <summary>Chip identity from GPIO_GET_CHIPINFO_IOCTL.</summary>
/// <param name="Path">Device path.</param>
/// <param name="Name">Kernel name (gpiochip0).</param>
/// <param name="Label">Label (pinctrl-rp1, pinctrl-bcm2711, gpio-sim.0-node0).</param>
/// <param name="LineCount">Number of lines.</param>
public readonly record struct GpioChipInfo(string Path, string Name, string Label, int LineCount);

/// <summary>Finds and opens real GPIO chips through the character device (never by a hard-coded number).</summary>
public static class GpioChips
{
    /// <summary>Every /dev/gpiochip* that answers GPIO_GET_CHIPINFO (unreadable ones are skipped).</summary>
    public static IReadOnlyList<GpioChipInfo> List(string devDirectory = "/dev")
    {
        var chips = new List<GpioChipInfo>();
        if (!Directory.Exists(devDirectory))
        {
            return chips;
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(devDirectory, "gpiochip*").Order(StringComparer.Ordinal))
        {
            try
            {
                using var fd = OpenFd(path);
                chips.Add(ReadInfo(fd, path));
            }
            catch (IOException)
            {
                // A chip we cannot open is not a candidate; Open() names the reason when it is asked for directly.
                continue;
            }
        }

        return chips;
    }

    /// <summary>
    /// Opens a chip by path (/dev/gpiochip0), kernel name (gpiochip0) or label (pinctrl-rp1). Throws
    /// <see cref="IOException"/> listing the chips that exist when nothing matches.
    /// </summary>
    public static IGpioChip Open(string pathOrLabel, string devDirectory = "/dev")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrLabel);
        string path;
        if (pathOrLabel.StartsWith('/'))
        {
            path = pathOrLabel;
        }
        else
        {
            var chips = List(devDirectory);
            var match = chips.FirstOrDefault(c => c.Label == pathOrLabel || c.Name == pathOrLabel);
            if (match.Path is null)
            {
                var known = chips.Count == 0 ? "none (is this Linux with /dev/gpiochip*, and may we read them?)" : string.Join(", ", chips.Select(c => $"{c.Name} '{c.Label}' ({c.LineCount} lines)"));
                throw new IOException($"No GPIO chip labelled or named '{pathOrLabel}'. Chips present: {known}. Set the chip to one of those labels.");
            }

            path = match.Path;
        }

        var fd = OpenFd(path);
        try
        {
            return new GpioChardevChip(fd, ReadInfo(fd, path));
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    internal static SafeFdHandle OpenFd(string path)
    {
        var fd = Libc.Open(path, Libc.O_RDWR | Libc.O_CLOEXEC);
        if (fd.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            fd.Dispose();
            var fix = errno switch
            {
                Libc.ENOENT => "it does not exist; list chips with `ls /dev/gpiochip*` or use the chip label",
                Libc.EACCES or Libc.EPERM => "permission denied; add the service user to the 'gpio' group or fix the udev rule",
                _ => "check `dmesg`",
            };
            throw new IOException($"Cannot open GPIO chip {path}: {Libc.Describe(errno)}: {fix}.");
        }

        return fd;
    }

    private static unsafe GpioChipInfo ReadInfo(SafeFdHandle fd, string path)
    {
        gpiochip_info info;
        if (Libc.Ioctl(fd, Libc.GPIO_GET_CHIPINFO_IOCTL, &info) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{path} is not a GPIO character device (GPIO_GET_CHIPINFO_IOCTL: {Libc.Describe(errno)}).");
        }

        return new GpioChipInfo(path, CString(info.name, Libc.GPIO_MAX_NAME_SIZE), CString(info.label, Libc.GPIO_MAX_NAME_SIZE), (int)info.lines);
    }

    internal static unsafe string CString(byte* text, int capacity)
    {
        var span = new ReadOnlySpan<byte>(text, capacity);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? span[..end] : span);
    }
}
