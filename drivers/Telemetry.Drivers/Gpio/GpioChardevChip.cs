using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Telemetry.Drivers.Interop;

namespace Telemetry.Drivers.Gpio;

/// <summary>A real chip through the GPIO character device uAPI v2 (open + ioctl + read + poll; no libgpiod).</summary>
internal sealed class GpioChardevChip(SafeFdHandle chip, GpioChipInfo info) : IGpioChip
{
    public string Path => info.Path;

    public string Name => info.Name;

    public string Label => info.Label;

    public int LineCount => info.LineCount;

    public IGpioInputLines RequestInputs(GpioInputRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate(LineCount);
        var debounceUs = (uint)Math.Ceiling(request.Debounce.TotalMicroseconds);
        if (debounceUs > 0 && request.DebounceMode != GpioDebounceMode.Software)
        {
            var (fd, errno) = TryRequest(request, kernelDebounceUs: debounceUs);
            if (fd is not null)
            {
                return new ChardevInputs(fd, request, GpioDebounceApplied.Kernel, Path);
            }

            if (request.DebounceMode == GpioDebounceMode.Kernel || errno is not (Libc.EINVAL or Libc.ENOTSUP))
            {
                throw RequestFailed(request.Offsets, errno);
            }
        }

        var applied = debounceUs > 0 ? GpioDebounceApplied.Software : GpioDebounceApplied.None;
        var (plain, plainErrno) = TryRequest(request, kernelDebounceUs: 0, bothEdges: applied == GpioDebounceApplied.Software);
        return plain is null ? throw RequestFailed(request.Offsets, plainErrno) : new ChardevInputs(plain, request, applied, Path);
    }

    public unsafe IGpioOutputLine RequestOutput(int offset, bool initialValue, string consumer = "telemetry")
    {
        if (offset < 0 || offset >= LineCount)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"{Path} has lines 0..{LineCount - 1}, not {offset}.");
        }

        gpio_v2_line_request req = default;
        req.offsets[0] = (uint)offset;
        req.num_lines = 1;
        WriteConsumer(ref req, consumer);
        req.config.flags = Libc.GPIO_V2_LINE_FLAG_OUTPUT;
        req.config.num_attrs = 1;
        req.config.attrs[0].attr.id = Libc.GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
        req.config.attrs[0].attr.values = initialValue ? 1UL : 0UL;
        req.config.attrs[0].mask = 1;
        if (Libc.Ioctl(chip, Libc.GPIO_V2_GET_LINE_IOCTL, &req) != 0)
        {
            throw RequestFailed([offset], Marshal.GetLastPInvokeError());
        }

        return new ChardevOutput(new SafeFdHandle(req.fd), offset, initialValue, Path);
    }

    public void Dispose() => chip.Dispose();

    private unsafe (SafeFdHandle? Fd, int Errno) TryRequest(GpioInputRequest request, uint kernelDebounceUs, bool bothEdges = false)
    {
        gpio_v2_line_request req = default;
        for (var i = 0; i < request.Offsets.Count; i++)
        {
            req.offsets[i] = (uint)request.Offsets[i];
        }

        req.num_lines = (uint)request.Offsets.Count;
        req.event_buffer_size = (uint)request.EventBufferSize;
        WriteConsumer(ref req, request.Consumer);
        var flags = Libc.GPIO_V2_LINE_FLAG_INPUT;
        var edges = bothEdges ? GpioEdgeDetection.Both : request.Edges;
        flags |= (edges & GpioEdgeDetection.Rising) != 0 ? Libc.GPIO_V2_LINE_FLAG_EDGE_RISING : 0;
        flags |= (edges & GpioEdgeDetection.Falling) != 0 ? Libc.GPIO_V2_LINE_FLAG_EDGE_FALLING : 0;
        flags |= request.ActiveLow ? Libc.GPIO_V2_LINE_FLAG_ACTIVE_LOW : 0;
        flags |= request.Bias switch
        {
            GpioBias.Disabled => Libc.GPIO_V2_LINE_FLAG_BIAS_DISABLED,
            GpioBias.PullUp => Libc.GPIO_V2_LINE_FLAG_BIAS_PULL_UP,
            GpioBias.PullDown => Libc.GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN,
            _ => 0,
        };
        req.config.flags = flags;
        if (kernelDebounceUs > 0)
        {
            req.config.num_attrs = 1;
            req.config.attrs[0].attr.id = Libc.GPIO_V2_LINE_ATTR_ID_DEBOUNCE;
            req.config.attrs[0].attr.debounce_period_us = kernelDebounceUs;
            req.config.attrs[0].mask = request.Offsets.Count == 64 ? ulong.MaxValue : (1UL << request.Offsets.Count) - 1;
        }

        if (Libc.Ioctl(chip, Libc.GPIO_V2_GET_LINE_IOCTL, &req) != 0)
        {
            return (null, Marshal.GetLastPInvokeError());
        }

        return (new SafeFdHandle(req.fd), 0);
    }

    private static unsafe void WriteConsumer(ref gpio_v2_line_request req, string consumer)
    {
        var bytes = Encoding.UTF8.GetBytes(consumer);
        var length = Math.Min(bytes.Length, Libc.GPIO_MAX_NAME_SIZE - 1);
        fixed (byte* target = req.consumer)
        {
            bytes.AsSpan(0, length).CopyTo(new Span<byte>(target, Libc.GPIO_MAX_NAME_SIZE));
        }
    }

    private IOException RequestFailed(IReadOnlyList<int> offsets, int errno)
    {
        var fix = errno switch
        {
            Libc.EBUSY => "another program holds the line (see `gpioinfo`); stop it or pick another line",
            Libc.EINVAL => "the chip refused the configuration (bias or debounce may be unsupported); try without them",
            _ => "check `dmesg`",
        };
        return new IOException($"GPIO {Path} ({Label}) lines {string.Join(',', offsets)}: request failed ({Libc.Describe(errno)}): {fix}.");
    }

    /// <summary>A line request fd read by one dedicated thread blocked in poll(): no timed loop, no per-event allocation.</summary>
    private sealed class ChardevInputs : IGpioInputLines
    {
        private const int BatchEvents = 16;
        private readonly SafeFdHandle _fd;
        private readonly GpioInputRequest _request;
        private readonly GpioEventPipeline _pipeline;
        private readonly Wakeup _wakeup = Wakeup.Create();
        private readonly Thread _thread;
        private readonly string _path;
        private volatile bool _stopping;

        public ChardevInputs(SafeFdHandle fd, GpioInputRequest request, GpioDebounceApplied debounce, string path)
        {
            _fd = fd;
            _request = request;
            _path = path;
            Debounce = debounce;
            var softwareNs = debounce == GpioDebounceApplied.Software ? request.Debounce.Ticks * 100 : 0;
            _pipeline = new GpioEventPipeline(request.Offsets, request.Edges, softwareNs, request.QueueCapacity);
            _thread = new Thread(ReadLoop) { IsBackground = true, Name = "gpio " + path };
            _thread.Start();
        }

        public IReadOnlyList<int> Offsets => _request.Offsets;

        public ChannelReader<GpioEdgeEvent> Events => _pipeline.Reader;

        public GpioDebounceApplied Debounce { get; }

        public GpioEventCounters Counters => _pipeline.Counters;

        public unsafe bool Read(int offset)
        {
            var index = IndexOf(offset);
            gpio_v2_line_values values = default;
            values.mask = 1UL << index;
            if (Libc.Ioctl(_fd, Libc.GPIO_V2_LINE_GET_VALUES_IOCTL, &values) != 0)
            {
                throw new IOException($"GPIO {_path} line {offset}: reading the value failed ({Libc.Describe(Marshal.GetLastPInvokeError())}).");
            }

            return (values.bits & (1UL << index)) != 0;
        }

        public void Dispose()
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            _wakeup.Signal();
            _thread.Join();
            _fd.Dispose();
            _wakeup.Dispose();
        }

        private int IndexOf(int offset)
        {
            for (var i = 0; i < _request.Offsets.Count; i++)
            {
                if (_request.Offsets[i] == offset)
                {
                    return i;
                }
            }

            throw new ArgumentException($"Line {offset} is not part of this request.", nameof(offset));
        }

        private unsafe void ReadLoop()
        {
            var events = stackalloc gpio_v2_line_event[BatchEvents];
            var fds = stackalloc pollfd[2];
            try
            {
                while (!_stopping)
                {
                    // Block until an edge or a wake-up; the only timeout is the next software-debounce deadline.
                    var timeout = -1;
                    if (_pipeline.NextDeadline is { } deadline)
                    {
                        var waitNs = deadline - MonotonicNs();
                        timeout = waitNs <= 0 ? 0 : (int)Math.Min(int.MaxValue, (waitNs + 999_999) / 1_000_000);
                    }

                    int ready;
                    using (var line = new FdLease(_fd))
                    using (var wake = new FdLease(_wakeup.Handle))
                    {
                        fds[0] = new pollfd { fd = line.Fd, events = Libc.POLLIN };
                        fds[1] = new pollfd { fd = wake.Fd, events = Libc.POLLIN };
                        ready = Libc.Poll(fds, 2, timeout);
                    }

                    if (ready < 0 && Marshal.GetLastPInvokeError() != Libc.EINTR)
                    {
                        return;
                    }

                    if (ready > 0 && (fds[0].revents & Libc.POLLIN) == 0 && (fds[0].revents & (Libc.POLLERR | Libc.POLLHUP | Libc.POLLNVAL)) != 0)
                    {
                        // The chip went away (module unloaded, device removed): end the event stream.
                        return;
                    }

                    if (ready > 0 && (fds[0].revents & Libc.POLLIN) != 0)
                    {
                        var n = Libc.Read(_fd, (byte*)events, (nuint)(sizeof(gpio_v2_line_event) * BatchEvents));
                        for (var i = 0; i < n / sizeof(gpio_v2_line_event); i++)
                        {
                            ref var e = ref events[i];
                            var edge = e.id == Libc.GPIO_V2_LINE_EVENT_RISING_EDGE ? GpioEdge.Rising : GpioEdge.Falling;
                            _pipeline.OnRaw((int)e.offset, edge, (long)e.timestamp_ns, e.seqno, e.line_seqno);
                        }
                    }

                    _pipeline.Expire(MonotonicNs());
                }
            }
            finally
            {
                _pipeline.Complete();
            }
        }

        // Kernel edge timestamps are CLOCK_MONOTONIC; .NET's Stopwatch on Linux reads the same clock in ns.
        private static long MonotonicNs() => (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000_000.0 / System.Diagnostics.Stopwatch.Frequency));
    }

    private sealed class ChardevOutput(SafeFdHandle fd, int offset, bool initial, string path) : IGpioOutputLine
    {
        private bool _value = initial;

        public int Offset => offset;

        public bool Value => _value;

        public unsafe void Write(bool value)
        {
            gpio_v2_line_values values = default;
            values.mask = 1;
            values.bits = value ? 1UL : 0UL;
            if (Libc.Ioctl(fd, Libc.GPIO_V2_LINE_SET_VALUES_IOCTL, &values) != 0)
            {
                throw new IOException($"GPIO {path} line {offset}: setting the value failed ({Libc.Describe(Marshal.GetLastPInvokeError())}).");
            }

            _value = value;
        }

        public void Dispose() => fd.Dispose();
    }
}
