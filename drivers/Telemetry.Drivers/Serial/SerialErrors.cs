using Telemetry.Drivers.Interop;
using Telemetry.Drivers.Sources;

namespace Telemetry.Drivers.Serial;

/// <summary>Open errors that name the device and say how to fix it.</summary>
internal static class SerialErrors
{
    public static SourceOpenException OpenFailed(string path, string device, int errno)
    {
        var shown = SerialPortConnection.Show(path, device);
        return errno switch
        {
            Libc.ENOENT or Libc.ENOTDIR => new SourceOpenException(path, SourceOpenFailure.Missing,
                $"Serial device {shown} does not exist: plug the adapter in, or fix the path (list them with `ls -l /dev/serial/by-id/`). Retrying."),
            Libc.ENXIO or Libc.ENODEV or Libc.EIO => new SourceOpenException(path, SourceOpenFailure.Missing,
                $"Serial device {shown} is not connected ({Libc.Describe(errno)}): the adapter was unplugged or is resetting. Retrying."),
            Libc.EACCES or Libc.EPERM => new SourceOpenException(path, SourceOpenFailure.Permission,
                $"Permission denied opening serial device {shown}: add the service user to the 'dialout' group (`sudo usermod -aG dialout <user>`, then log in again) or fix the device's udev rule (MODE/GROUP)."),
            Libc.EBUSY => Busy(path, device),
            _ => Other(path, device, "open", errno),
        };
    }

    public static SourceOpenException Busy(string path, string device)
    {
        var holders = SerialPaths.Holders(device);
        var who = holders.Count == 0 ? "another process" : string.Join(", ", holders);
        return new SourceOpenException(path, SourceOpenFailure.Busy,
            $"Serial device {SerialPortConnection.Show(path, device)} is busy: {who} holds it. Stop that program "
            + "(gpsd and ModemManager often grab USB serial adapters: `sudo systemctl stop gpsd.socket gpsd ModemManager`) or point this source at another port.");
    }

    public static SourceOpenException NotATerminal(string path, string device) =>
        new(path, SourceOpenFailure.NotATerminal,
            $"{SerialPortConnection.Show(path, device)} is not a serial device (not a tty): check the path; serial ports are /dev/ttyUSB*, /dev/ttyACM*, /dev/ttyAMA* or links under /dev/serial/by-id/.");

    public static SourceOpenException UnsupportedBaud(string path, string device, int requested, uint actual)
    {
        var got = actual == 0 ? "refused it" : $"can only make {actual}";
        return new SourceOpenException(path, SourceOpenFailure.UnsupportedSettings,
            $"Serial device {SerialPortConnection.Show(path, device)} does not support {requested} baud (the driver {got}): "
            + "set the device and the 'baud' setting to a standard rate such as 9600, 38400, 115200 or 921600.");
    }

    public static SourceOpenException Other(string path, string device, string call, int errno) =>
        new(path, SourceOpenFailure.Other,
            $"Serial device {SerialPortConnection.Show(path, device)}: {call} failed ({Libc.Describe(errno)}, errno {errno}); check `dmesg` for driver errors and replug the adapter. Retrying.");
}
