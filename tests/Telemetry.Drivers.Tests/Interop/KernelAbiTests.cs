using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Telemetry.Drivers.Interop;

namespace Telemetry.Drivers.Tests.Interop;

/// <summary>
/// Pins our hand-written kernel structs and constants to this machine's headers: a small C program compiled with
/// gcc against linux/gpio.h, asm/termbits.h, asm/ioctls.h, poll.h, fcntl.h prints every sizeof, offsetof, ioctl
/// number and flag, and each one must equal ours. A layout mistake here would corrupt kernel memory requests.
/// </summary>
public sealed class KernelAbiTests
{
    private const string Program = """
        #include <stdio.h>
        #include <stddef.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <poll.h>
        #include <sys/file.h>
        #include <sys/eventfd.h>
        #include <linux/gpio.h>
        #include <asm/termbits.h>
        #include <asm/ioctls.h>
        #define S(t) printf("sizeof %s %zu\n", #t, sizeof(struct t));
        #define O(t, f) printf("offsetof %s.%s %zu\n", #t, #f, offsetof(struct t, f));
        #define C(n) printf("const %s %llu\n", #n, (unsigned long long)(n));
        int main(void) {
          S(gpiochip_info) O(gpiochip_info, name) O(gpiochip_info, label) O(gpiochip_info, lines)
          S(gpio_v2_line_values) O(gpio_v2_line_values, bits) O(gpio_v2_line_values, mask)
          S(gpio_v2_line_attribute) O(gpio_v2_line_attribute, id) O(gpio_v2_line_attribute, padding)
          O(gpio_v2_line_attribute, flags) O(gpio_v2_line_attribute, values) O(gpio_v2_line_attribute, debounce_period_us)
          S(gpio_v2_line_config_attribute) O(gpio_v2_line_config_attribute, attr) O(gpio_v2_line_config_attribute, mask)
          S(gpio_v2_line_config) O(gpio_v2_line_config, flags) O(gpio_v2_line_config, num_attrs)
          O(gpio_v2_line_config, padding) O(gpio_v2_line_config, attrs)
          S(gpio_v2_line_request) O(gpio_v2_line_request, offsets) O(gpio_v2_line_request, consumer)
          O(gpio_v2_line_request, config) O(gpio_v2_line_request, num_lines) O(gpio_v2_line_request, event_buffer_size)
          O(gpio_v2_line_request, padding) O(gpio_v2_line_request, fd)
          S(gpio_v2_line_info) O(gpio_v2_line_info, name) O(gpio_v2_line_info, consumer) O(gpio_v2_line_info, offset)
          O(gpio_v2_line_info, num_attrs) O(gpio_v2_line_info, flags) O(gpio_v2_line_info, attrs) O(gpio_v2_line_info, padding)
          S(gpio_v2_line_event) O(gpio_v2_line_event, timestamp_ns) O(gpio_v2_line_event, id) O(gpio_v2_line_event, offset)
          O(gpio_v2_line_event, seqno) O(gpio_v2_line_event, line_seqno) O(gpio_v2_line_event, padding)
          S(termios2) O(termios2, c_iflag) O(termios2, c_oflag) O(termios2, c_cflag) O(termios2, c_lflag)
          O(termios2, c_line) O(termios2, c_cc) O(termios2, c_ispeed) O(termios2, c_ospeed)
          S(pollfd) O(pollfd, fd) O(pollfd, events) O(pollfd, revents)
          C(GPIO_GET_CHIPINFO_IOCTL) C(GPIO_GET_LINEINFO_UNWATCH_IOCTL) C(GPIO_V2_GET_LINEINFO_IOCTL)
          C(GPIO_V2_GET_LINEINFO_WATCH_IOCTL) C(GPIO_V2_GET_LINE_IOCTL) C(GPIO_V2_LINE_SET_CONFIG_IOCTL)
          C(GPIO_V2_LINE_GET_VALUES_IOCTL) C(GPIO_V2_LINE_SET_VALUES_IOCTL)
          C(GPIO_MAX_NAME_SIZE) C(GPIO_V2_LINES_MAX) C(GPIO_V2_LINE_NUM_ATTRS_MAX)
          C(GPIO_V2_LINE_FLAG_USED) C(GPIO_V2_LINE_FLAG_ACTIVE_LOW) C(GPIO_V2_LINE_FLAG_INPUT) C(GPIO_V2_LINE_FLAG_OUTPUT)
          C(GPIO_V2_LINE_FLAG_EDGE_RISING) C(GPIO_V2_LINE_FLAG_EDGE_FALLING) C(GPIO_V2_LINE_FLAG_OPEN_DRAIN)
          C(GPIO_V2_LINE_FLAG_OPEN_SOURCE) C(GPIO_V2_LINE_FLAG_BIAS_PULL_UP) C(GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN)
          C(GPIO_V2_LINE_FLAG_BIAS_DISABLED) C(GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME)
          C(GPIO_V2_LINE_ATTR_ID_FLAGS) C(GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES) C(GPIO_V2_LINE_ATTR_ID_DEBOUNCE)
          C(GPIO_V2_LINE_EVENT_RISING_EDGE) C(GPIO_V2_LINE_EVENT_FALLING_EDGE)
          C(TCGETS2) C(TCSETS2) C(TIOCEXCL) C(TIOCNXCL) C(TCFLSH) C(TCIOFLUSH) C(NCCS)
          C(IGNBRK) C(BRKINT) C(IGNPAR) C(PARMRK) C(INPCK) C(ISTRIP) C(INLCR) C(IGNCR) C(ICRNL) C(IXON) C(IXANY) C(IXOFF) C(IMAXBEL)
          C(OPOST) C(CBAUD) C(CSIZE) C(CS7) C(CS8) C(CSTOPB) C(CREAD) C(PARENB) C(PARODD) C(HUPCL) C(CLOCAL) C(BOTHER)
          C(CIBAUD) C(IBSHIFT) C(CMSPAR) C(CRTSCTS) C(ISIG) C(ICANON) C(ECHO) C(ECHOE) C(ECHOK) C(ECHONL) C(IEXTEN)
          C(VTIME) C(VMIN) C(VSTART) C(VSTOP)
          C(B50) C(B9600) C(B38400) C(B57600) C(B115200) C(B230400) C(B460800) C(B921600) C(B1000000) C(B4000000)
          C(POLLIN) C(POLLOUT) C(POLLERR) C(POLLHUP) C(POLLNVAL)
          C(O_RDWR) C(O_NOCTTY) C(O_NONBLOCK) C(O_CLOEXEC) C(LOCK_EX) C(LOCK_NB) C(EFD_NONBLOCK) C(EFD_CLOEXEC)
          C(ENOENT) C(EIO) C(ENXIO) C(EAGAIN) C(EACCES) C(EBUSY) C(ENODEV) C(EINVAL) C(ENOTTY) C(EINTR) C(ENOTSUP)
          return 0;
        }
        """;

    [Fact]
    public void Structs_offsets_ioctls_and_flags_match_this_machines_kernel_headers()
    {
        var header = "/usr/include/linux/gpio.h";
        var gcc = FindOnPath("gcc");
        if (gcc is null || !File.Exists(header))
        {
            var why = gcc is null ? "gcc not installed" : $"{header} missing (linux-libc-dev)";
            Assert.SkipWhen(Environment.GetEnvironmentVariable("CI") != "true", $"{why}: the ABI cannot be checked here");
            Assert.Fail($"{why}: CI must be able to check the kernel ABI (install gcc and linux-libc-dev).");
        }

        var kernel = CompileAndRun(gcc!);
        var ours = Ours();
        var mismatches = new List<string>();
        foreach (var (name, value) in kernel)
        {
            if (!ours.TryGetValue(name, out var mine))
            {
                mismatches.Add($"{name}: no counterpart in our code");
            }
            else if (mine != value)
            {
                mismatches.Add($"{name}: kernel {value} (0x{value:X}), ours {mine} (0x{mine:X})");
            }
        }

        Assert.True(kernel.Count > 150, $"the C program printed only {kernel.Count} values");
        Assert.Empty(mismatches);
        // Spot checks against the published uAPI figures (peers.md §7.1), independent of this machine's headers.
        Assert.Equal(592, Unsafe.SizeOf<gpio_v2_line_request>());
        Assert.Equal(48, Unsafe.SizeOf<gpio_v2_line_event>());
        Assert.Equal(0xC250B407u, Libc.GPIO_V2_GET_LINE_IOCTL);
    }

    private static Dictionary<string, ulong> CompileAndRun(string gcc)
    {
        var dir = Directory.CreateTempSubdirectory("abi");
        try
        {
            var source = Path.Combine(dir.FullName, "abi.c");
            var binary = Path.Combine(dir.FullName, "abi");
            File.WriteAllText(source, Program);
            Run(gcc, ["-std=gnu11", "-Wall", "-o", binary, source]);
            var output = Run(binary, []);
            var values = new Dictionary<string, ulong>();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ');
                values[parts[0] + " " + parts[1]] = ulong.Parse(parts[2], CultureInfo.InvariantCulture);
            }

            return values;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), $"{file} did not finish");
        Assert.True(process.ExitCode == 0, $"{file} failed: {stderr.Result}");
        return stdout.Result;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static unsafe Dictionary<string, ulong> Ours()
    {
        var d = new Dictionary<string, ulong>();
        void Size<T>(string name)
            where T : unmanaged => d["sizeof " + name] = (ulong)sizeof(T);
        void Off(string name, void* field, void* start) => d["offsetof " + name] = (ulong)((byte*)field - (byte*)start);
        void C(string name, ulong value) => d["const " + name] = value;

        gpiochip_info chip = default;
        Size<gpiochip_info>("gpiochip_info");
        Off("gpiochip_info.name", chip.name, &chip);
        Off("gpiochip_info.label", chip.label, &chip);
        Off("gpiochip_info.lines", &chip.lines, &chip);

        gpio_v2_line_values values = default;
        Size<gpio_v2_line_values>("gpio_v2_line_values");
        Off("gpio_v2_line_values.bits", &values.bits, &values);
        Off("gpio_v2_line_values.mask", &values.mask, &values);

        gpio_v2_line_attribute attr = default;
        Size<gpio_v2_line_attribute>("gpio_v2_line_attribute");
        Off("gpio_v2_line_attribute.id", &attr.id, &attr);
        Off("gpio_v2_line_attribute.padding", &attr.padding, &attr);
        Off("gpio_v2_line_attribute.flags", &attr.flags, &attr);
        Off("gpio_v2_line_attribute.values", &attr.values, &attr);
        Off("gpio_v2_line_attribute.debounce_period_us", &attr.debounce_period_us, &attr);

        gpio_v2_line_config_attribute cattr = default;
        Size<gpio_v2_line_config_attribute>("gpio_v2_line_config_attribute");
        Off("gpio_v2_line_config_attribute.attr", &cattr.attr, &cattr);
        Off("gpio_v2_line_config_attribute.mask", &cattr.mask, &cattr);

        gpio_v2_line_config config = default;
        Size<gpio_v2_line_config>("gpio_v2_line_config");
        Off("gpio_v2_line_config.flags", &config.flags, &config);
        Off("gpio_v2_line_config.num_attrs", &config.num_attrs, &config);
        Off("gpio_v2_line_config.padding", config.padding, &config);
        Off("gpio_v2_line_config.attrs", &config.attrs, &config);

        gpio_v2_line_request request = default;
        Size<gpio_v2_line_request>("gpio_v2_line_request");
        Off("gpio_v2_line_request.offsets", request.offsets, &request);
        Off("gpio_v2_line_request.consumer", request.consumer, &request);
        Off("gpio_v2_line_request.config", &request.config, &request);
        Off("gpio_v2_line_request.num_lines", &request.num_lines, &request);
        Off("gpio_v2_line_request.event_buffer_size", &request.event_buffer_size, &request);
        Off("gpio_v2_line_request.padding", request.padding, &request);
        Off("gpio_v2_line_request.fd", &request.fd, &request);

        gpio_v2_line_info info = default;
        Size<gpio_v2_line_info>("gpio_v2_line_info");
        Off("gpio_v2_line_info.name", info.name, &info);
        Off("gpio_v2_line_info.consumer", info.consumer, &info);
        Off("gpio_v2_line_info.offset", &info.offset, &info);
        Off("gpio_v2_line_info.num_attrs", &info.num_attrs, &info);
        Off("gpio_v2_line_info.flags", &info.flags, &info);
        Off("gpio_v2_line_info.attrs", &info.attrs, &info);
        Off("gpio_v2_line_info.padding", info.padding, &info);

        gpio_v2_line_event ev = default;
        Size<gpio_v2_line_event>("gpio_v2_line_event");
        Off("gpio_v2_line_event.timestamp_ns", &ev.timestamp_ns, &ev);
        Off("gpio_v2_line_event.id", &ev.id, &ev);
        Off("gpio_v2_line_event.offset", &ev.offset, &ev);
        Off("gpio_v2_line_event.seqno", &ev.seqno, &ev);
        Off("gpio_v2_line_event.line_seqno", &ev.line_seqno, &ev);
        Off("gpio_v2_line_event.padding", ev.padding, &ev);

        termios2 tio = default;
        Size<termios2>("termios2");
        Off("termios2.c_iflag", &tio.c_iflag, &tio);
        Off("termios2.c_oflag", &tio.c_oflag, &tio);
        Off("termios2.c_cflag", &tio.c_cflag, &tio);
        Off("termios2.c_lflag", &tio.c_lflag, &tio);
        Off("termios2.c_line", &tio.c_line, &tio);
        Off("termios2.c_cc", tio.c_cc, &tio);
        Off("termios2.c_ispeed", &tio.c_ispeed, &tio);
        Off("termios2.c_ospeed", &tio.c_ospeed, &tio);

        pollfd pfd = default;
        Size<pollfd>("pollfd");
        Off("pollfd.fd", &pfd.fd, &pfd);
        Off("pollfd.events", &pfd.events, &pfd);
        Off("pollfd.revents", &pfd.revents, &pfd);

        C("GPIO_GET_CHIPINFO_IOCTL", Libc.GPIO_GET_CHIPINFO_IOCTL);
        C("GPIO_GET_LINEINFO_UNWATCH_IOCTL", Libc.GPIO_GET_LINEINFO_UNWATCH_IOCTL);
        C("GPIO_V2_GET_LINEINFO_IOCTL", Libc.GPIO_V2_GET_LINEINFO_IOCTL);
        C("GPIO_V2_GET_LINEINFO_WATCH_IOCTL", Libc.GPIO_V2_GET_LINEINFO_WATCH_IOCTL);
        C("GPIO_V2_GET_LINE_IOCTL", Libc.GPIO_V2_GET_LINE_IOCTL);
        C("GPIO_V2_LINE_SET_CONFIG_IOCTL", Libc.GPIO_V2_LINE_SET_CONFIG_IOCTL);
        C("GPIO_V2_LINE_GET_VALUES_IOCTL", Libc.GPIO_V2_LINE_GET_VALUES_IOCTL);
        C("GPIO_V2_LINE_SET_VALUES_IOCTL", Libc.GPIO_V2_LINE_SET_VALUES_IOCTL);
        C("GPIO_MAX_NAME_SIZE", Libc.GPIO_MAX_NAME_SIZE);
        C("GPIO_V2_LINES_MAX", Libc.GPIO_V2_LINES_MAX);
        C("GPIO_V2_LINE_NUM_ATTRS_MAX", Libc.GPIO_V2_LINE_NUM_ATTRS_MAX);
        C("GPIO_V2_LINE_FLAG_USED", Libc.GPIO_V2_LINE_FLAG_USED);
        C("GPIO_V2_LINE_FLAG_ACTIVE_LOW", Libc.GPIO_V2_LINE_FLAG_ACTIVE_LOW);
        C("GPIO_V2_LINE_FLAG_INPUT", Libc.GPIO_V2_LINE_FLAG_INPUT);
        C("GPIO_V2_LINE_FLAG_OUTPUT", Libc.GPIO_V2_LINE_FLAG_OUTPUT);
        C("GPIO_V2_LINE_FLAG_EDGE_RISING", Libc.GPIO_V2_LINE_FLAG_EDGE_RISING);
        C("GPIO_V2_LINE_FLAG_EDGE_FALLING", Libc.GPIO_V2_LINE_FLAG_EDGE_FALLING);
        C("GPIO_V2_LINE_FLAG_OPEN_DRAIN", Libc.GPIO_V2_LINE_FLAG_OPEN_DRAIN);
        C("GPIO_V2_LINE_FLAG_OPEN_SOURCE", Libc.GPIO_V2_LINE_FLAG_OPEN_SOURCE);
        C("GPIO_V2_LINE_FLAG_BIAS_PULL_UP", Libc.GPIO_V2_LINE_FLAG_BIAS_PULL_UP);
        C("GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN", Libc.GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN);
        C("GPIO_V2_LINE_FLAG_BIAS_DISABLED", Libc.GPIO_V2_LINE_FLAG_BIAS_DISABLED);
        C("GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME", Libc.GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME);
        C("GPIO_V2_LINE_ATTR_ID_FLAGS", Libc.GPIO_V2_LINE_ATTR_ID_FLAGS);
        C("GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES", Libc.GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES);
        C("GPIO_V2_LINE_ATTR_ID_DEBOUNCE", Libc.GPIO_V2_LINE_ATTR_ID_DEBOUNCE);
        C("GPIO_V2_LINE_EVENT_RISING_EDGE", Libc.GPIO_V2_LINE_EVENT_RISING_EDGE);
        C("GPIO_V2_LINE_EVENT_FALLING_EDGE", Libc.GPIO_V2_LINE_EVENT_FALLING_EDGE);
        C("TCGETS2", Libc.TCGETS2);
        C("TCSETS2", Libc.TCSETS2);
        C("TIOCEXCL", Libc.TIOCEXCL);
        C("TIOCNXCL", Libc.TIOCNXCL);
        C("TCFLSH", Libc.TCFLSH);
        C("TCIOFLUSH", Libc.TCIOFLUSH);
        C("NCCS", Libc.NCCS2);
        C("IGNBRK", Libc.IGNBRK);
        C("BRKINT", Libc.BRKINT);
        C("IGNPAR", Libc.IGNPAR);
        C("PARMRK", Libc.PARMRK);
        C("INPCK", Libc.INPCK);
        C("ISTRIP", Libc.ISTRIP);
        C("INLCR", Libc.INLCR);
        C("IGNCR", Libc.IGNCR);
        C("ICRNL", Libc.ICRNL);
        C("IXON", Libc.IXON);
        C("IXANY", Libc.IXANY);
        C("IXOFF", Libc.IXOFF);
        C("IMAXBEL", Libc.IMAXBEL);
        C("OPOST", Libc.OPOST);
        C("CBAUD", Libc.CBAUD);
        C("CSIZE", Libc.CSIZE);
        C("CS7", Libc.CS7);
        C("CS8", Libc.CS8);
        C("CSTOPB", Libc.CSTOPB);
        C("CREAD", Libc.CREAD);
        C("PARENB", Libc.PARENB);
        C("PARODD", Libc.PARODD);
        C("HUPCL", Libc.HUPCL);
        C("CLOCAL", Libc.CLOCAL);
        C("BOTHER", Libc.BOTHER);
        C("CIBAUD", Libc.CIBAUD);
        C("IBSHIFT", Libc.IBSHIFT);
        C("CMSPAR", Libc.CMSPAR);
        C("CRTSCTS", Libc.CRTSCTS);
        C("ISIG", Libc.ISIG);
        C("ICANON", Libc.ICANON);
        C("ECHO", Libc.ECHO);
        C("ECHOE", Libc.ECHOE);
        C("ECHOK", Libc.ECHOK);
        C("ECHONL", Libc.ECHONL);
        C("IEXTEN", Libc.IEXTEN);
        C("VTIME", Libc.VTIME);
        C("VMIN", Libc.VMIN);
        C("VSTART", Libc.VSTART);
        C("VSTOP", Libc.VSTOP);
        foreach (var baud in new[] { 50, 9600, 38400, 57600, 115200, 230400, 460800, 921600, 1000000, 4000000 })
        {
            C("B" + baud.ToString(CultureInfo.InvariantCulture), Telemetry.Drivers.Serial.BaudRates.CodeFor(baud));
        }

        C("POLLIN", (ulong)Libc.POLLIN);
        C("POLLOUT", (ulong)Libc.POLLOUT);
        C("POLLERR", (ulong)Libc.POLLERR);
        C("POLLHUP", (ulong)Libc.POLLHUP);
        C("POLLNVAL", (ulong)Libc.POLLNVAL);
        C("O_RDWR", Libc.O_RDWR);
        C("O_NOCTTY", Libc.O_NOCTTY);
        C("O_NONBLOCK", Libc.O_NONBLOCK);
        C("O_CLOEXEC", Libc.O_CLOEXEC);
        C("LOCK_EX", Libc.LOCK_EX);
        C("LOCK_NB", Libc.LOCK_NB);
        C("EFD_NONBLOCK", Libc.EFD_NONBLOCK);
        C("EFD_CLOEXEC", Libc.EFD_CLOEXEC);
        C("ENOENT", Libc.ENOENT);
        C("EIO", Libc.EIO);
        C("ENXIO", Libc.ENXIO);
        C("EAGAIN", Libc.EAGAIN);
        C("EACCES", Libc.EACCES);
        C("EBUSY", Libc.EBUSY);
        C("ENODEV", Libc.ENODEV);
        C("EINVAL", Libc.EINVAL);
        C("ENOTTY", Libc.ENOTTY);
        C("EINTR", Libc.EINTR);
        C("ENOTSUP", Libc.ENOTSUP);
        return d;
    }
}
