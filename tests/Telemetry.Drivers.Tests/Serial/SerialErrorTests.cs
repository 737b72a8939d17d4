using Telemetry.Drivers.Interop;
using Telemetry.Drivers.Pty;
using Telemetry.Drivers.Serial;
using Telemetry.Drivers.Sources;
using static Telemetry.Drivers.Tests.Serial.SerialTestSupport;

namespace Telemetry.Drivers.Tests.Serial;

public sealed class SerialErrorTests
{
    [Fact]
    public async Task A_second_opener_gets_a_busy_error_naming_the_device_and_the_holder_then_gets_the_port_when_freed()
    {
        using var pty = PseudoTerminal.Open();
        var first = ByteSources.Serial(pty.DevicePath, null, FastRetry());
        first.Start();
        Assert.True(await first.WaitForStateAsync(SourceState.Up, Generous, TestContext.Current.CancellationToken), first.LastError);

        await using var second = ByteSources.Serial(pty.DevicePath, null, FastRetry());
        second.Start();
        Assert.True(await WaitUntilAsync(second, () => second.Counters.OpenFailures >= 1, Generous));
        Assert.NotEqual(SourceState.Up, second.State);
        var error = second.LastError ?? string.Empty;
        Assert.Contains(pty.DevicePath, error, StringComparison.Ordinal);
        Assert.Contains("busy", error, StringComparison.Ordinal);
        Assert.Contains($"pid {Environment.ProcessId}", error, StringComparison.Ordinal);
        Assert.Contains("systemctl stop", error, StringComparison.Ordinal);

        // The gateway keeps retrying: once the holder lets go, the second source opens.
        await first.DisposeAsync();
        Assert.True(await second.WaitForStateAsync(SourceState.Up, Generous, TestContext.Current.CancellationToken), second.LastError);
    }

    [Fact]
    public async Task A_missing_device_is_reported_with_the_path_and_the_fix_and_opens_once_it_appears()
    {
        var dir = TempDir("missing");
        try
        {
            var link = Path.Combine(dir, "ttyGNSS");
            await using var source = ByteSources.Serial(link, null, FastRetry());
            source.Start();
            Assert.True(await WaitUntilAsync(source, () => source.Counters.OpenFailures >= 2, Generous));
            var error = source.LastError ?? string.Empty;
            Assert.Contains(link, error, StringComparison.Ordinal);
            Assert.Contains("does not exist", error, StringComparison.Ordinal);
            Assert.Contains("/dev/serial/by-id", error, StringComparison.Ordinal);

            using var pty = PseudoTerminal.Open(link);
            Assert.True(await source.WaitForStateAsync(SourceState.Up, Generous, TestContext.Current.CancellationToken), source.LastError);
            Assert.Equal($"{link} → {pty.SlavePath}", source.ResolvedEndpoint);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_path_that_is_not_a_tty_is_refused_with_a_hint()
    {
        var e = Assert.Throws<SourceOpenException>(() => SerialPortConnection.Open("/dev/null", new SerialOptions()));
        Assert.Equal(SourceOpenFailure.NotATerminal, e.Failure);
        Assert.Contains("/dev/null", e.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/ttyUSB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Permission_denied_names_the_device_and_the_dialout_fix()
    {
        // The errno mapping is what a non-root service sees on a root:dialout 0660 device.
        var e = SerialErrors.OpenFailed("/dev/serial/by-id/usb-FTDI-if00", "/dev/ttyUSB0", Libc.EACCES);
        Assert.Equal(SourceOpenFailure.Permission, e.Failure);
        Assert.Contains("/dev/serial/by-id/usb-FTDI-if00 (→ /dev/ttyUSB0)", e.Message, StringComparison.Ordinal);
        Assert.Contains("dialout", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Permission_denied_on_a_real_device_when_not_root()
    {
        // Root bypasses file permissions (CAP_DAC_OVERRIDE), so chmod 000 proves nothing there.
        Assert.SkipWhen(Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" || IsRoot(), "running as root: permission checks do not apply; the errno mapping is covered by Permission_denied_names_the_device_and_the_dialout_fix");
        using var pty = PseudoTerminal.Open();
        File.SetUnixFileMode(pty.SlavePath, UnixFileMode.None);
        var e = Assert.Throws<SourceOpenException>(() => SerialPortConnection.Open(pty.SlavePath, new SerialOptions()));
        Assert.Equal(SourceOpenFailure.Permission, e.Failure);
        Assert.Contains(pty.SlavePath, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-9600)]
    [InlineData(20_000_000)]
    public void An_impossible_baud_rate_is_a_configuration_error_naming_the_device(int baud)
    {
        var e = Assert.Throws<ArgumentException>(() => ByteSources.Serial("/dev/ttyUSB3", new SerialOptions { BaudRate = baud }));
        Assert.Contains("/dev/ttyUSB3", e.Message, StringComparison.Ordinal);
        Assert.Contains("115200", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rate_the_uart_can_only_approximate_is_refused_with_the_fix()
    {
        // A UART driver stores the nearest rate it can divide down to; the kernel reads that back in c_ospeed.
        Assert.True(BaudRates.Accepts(115200, 115384, 0.03));
        Assert.False(BaudRates.Accepts(250000, 230400, 0.03));
        Assert.False(BaudRates.Accepts(9600, 0, 0.03));
        var e = SerialErrors.UnsupportedBaud("/dev/ttyAMA0", "/dev/ttyAMA0", 250000, 230400);
        Assert.Equal(SourceOpenFailure.UnsupportedSettings, e.Failure);
        Assert.Contains("/dev/ttyAMA0 does not support 250000 baud", e.Message, StringComparison.Ordinal);
        Assert.Contains("230400", e.Message, StringComparison.Ordinal);
    }

    private static bool IsRoot() => File.ReadAllLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
}
