using System.Threading.Channels;

namespace Telemetry.Drivers.Gpio;

/// <summary>
/// A GPIO chip in memory, behind the same interface as the real character device, for pipeline, simulator and
/// gateway tests. Edges are raised with explicit kernel timestamps and get kernel-style sequence numbers; events can
/// be dropped (a sequence gap, as after a kernel buffer overflow) and lines can bounce. Software debounce runs exactly
/// as on hardware; its time moves only with the timestamps given here (<see cref="AdvanceTime"/>), so tests are
/// deterministic. The simulated chip has no kernel debounce: <see cref="GpioDebounceMode.Auto"/> uses software.
/// Thread-safe: any thread may raise edges.
/// </summary>
public sealed class SimulatedGpioChip : IGpioChip
{
    private readonly Lock _lock = new();
    private readonly bool[] _levels;
    private readonly List<SimulatedInputs> _requests = [];
    private readonly Dictionary<int, SimulatedOutput> _outputs = [];
    private readonly HashSet<int> _claimed = [];
    private long _nowNs;

    /// <summary>Creates a chip with <paramref name="lineCount"/> lines, all low.</summary>
    public SimulatedGpioChip(string label = "gpio-sim", int lineCount = 32, string name = "gpiochip-sim")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lineCount, 1);
        Label = label;
        Name = name;
        LineCount = lineCount;
        _levels = new bool[lineCount];
    }

    /// <summary>Raised (on the writer's thread) whenever an output line is written: offset and value.</summary>
    public event Action<int, bool>? OutputChanged;

    /// <inheritdoc />
    public string Path => "sim:" + Name;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Label { get; }

    /// <inheritdoc />
    public int LineCount { get; }

    /// <summary>The simulated kernel clock: the latest timestamp seen.</summary>
    public long NowNs
    {
        get
        {
            lock (_lock)
            {
                return _nowNs;
            }
        }
    }

    /// <inheritdoc />
    public IGpioInputLines RequestInputs(GpioInputRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate(LineCount);
        if (request.Debounce > TimeSpan.Zero && request.DebounceMode == GpioDebounceMode.Kernel)
        {
            throw new NotSupportedException($"{Path}: the simulated chip has no kernel debounce; use GpioDebounceMode.Auto or Software.");
        }

        lock (_lock)
        {
            Claim(request.Offsets);
            var inputs = new SimulatedInputs(this, request);
            _requests.Add(inputs);
            return inputs;
        }
    }

    /// <inheritdoc />
    public IGpioOutputLine RequestOutput(int offset, bool initialValue, string consumer = "telemetry")
    {
        CheckOffset(offset);
        lock (_lock)
        {
            Claim([offset]);
            var output = new SimulatedOutput(this, offset);
            _outputs[offset] = output;
            SetOutput(offset, initialValue);
            return output;
        }
    }

    /// <summary>Reads an output line's current value (what the buzzer or LED would see).</summary>
    public bool GetOutput(int offset)
    {
        lock (_lock)
        {
            return _outputs.ContainsKey(offset) && _levels[offset];
        }
    }

    /// <summary>
    /// Raises one edge on an input line at <paramref name="timestampNs"/> (must not go backwards). The line's level
    /// follows the edge. Returns false when no request watches the line.
    /// </summary>
    public bool RaiseEdge(int offset, GpioEdge edge, long timestampNs)
    {
        CheckOffset(offset);
        lock (_lock)
        {
            Advance(timestampNs);
            _levels[offset] = edge == GpioEdge.Rising;
            var seen = false;
            foreach (var request in _requests)
            {
                seen |= request.Raise(offset, edge, timestampNs, drop: false);
            }

            return seen;
        }
    }

    /// <summary>Sets a line's level; raises the matching edge only when the level changes.</summary>
    public void SetLevel(int offset, bool high, long timestampNs)
    {
        CheckOffset(offset);
        bool current;
        lock (_lock)
        {
            current = _levels[offset];
        }

        if (current != high)
        {
            RaiseEdge(offset, high ? GpioEdge.Rising : GpioEdge.Falling, timestampNs);
        }
    }

    /// <summary>
    /// Simulates the kernel losing <paramref name="count"/> edges on a line (its event buffer overflowed): the level
    /// toggles and sequence numbers are consumed, but no event is delivered. The next event shows the gap.
    /// </summary>
    public void DropEdges(int offset, int count, long timestampNs)
    {
        CheckOffset(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            Advance(timestampNs);
            for (var i = 0; i < count; i++)
            {
                var edge = _levels[offset] ? GpioEdge.Falling : GpioEdge.Rising;
                _levels[offset] = !_levels[offset];
                foreach (var request in _requests)
                {
                    request.Raise(offset, edge, timestampNs, drop: true);
                }
            }
        }
    }

    /// <summary>
    /// A contact bounce: <paramref name="transitions"/> alternating edges <paramref name="intervalNs"/> apart starting
    /// at <paramref name="startNs"/>, ending at <paramref name="finalHigh"/> (an odd count ends away from the start level).
    /// </summary>
    public void Bounce(int offset, bool finalHigh, long startNs, int transitions, long intervalNs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(transitions, 1);
        bool level;
        lock (_lock)
        {
            level = _levels[offset];
        }

        // Choose the starting level so that after the given number of toggles the line ends at finalHigh.
        var t = startNs;
        for (var i = 0; i < transitions; i++)
        {
            var remaining = transitions - i;
            var next = remaining % 2 == 1 ? finalHigh : !finalHigh;
            if (next == level)
            {
                next = !level;
            }

            RaiseEdge(offset, next ? GpioEdge.Rising : GpioEdge.Falling, t);
            level = next;
            t += intervalNs;
        }
    }

    /// <summary>Moves the simulated clock on, confirming software-debounced edges whose period has passed.</summary>
    public void AdvanceTime(long nowNs)
    {
        lock (_lock)
        {
            Advance(nowNs);
        }
    }

    /// <summary>Current level of any line.</summary>
    public bool GetLevel(int offset)
    {
        CheckOffset(offset);
        lock (_lock)
        {
            return _levels[offset];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var request in _requests.ToArray())
            {
                request.Dispose();
            }
        }
    }

    private void Advance(long nowNs)
    {
        if (nowNs < _nowNs)
        {
            throw new ArgumentOutOfRangeException(nameof(nowNs), $"Simulated time cannot go backwards ({nowNs} < {_nowNs}).");
        }

        _nowNs = nowNs;
        foreach (var request in _requests)
        {
            request.Pipeline.Expire(nowNs);
        }
    }

    private void Claim(IReadOnlyList<int> offsets)
    {
        foreach (var offset in offsets)
        {
            if (_claimed.Contains(offset))
            {
                throw new InvalidOperationException($"{Path}: line {offset} is already requested (EBUSY); release the other request first.");
            }
        }

        foreach (var offset in offsets)
        {
            _claimed.Add(offset);
        }
    }

    private void Release(IEnumerable<int> offsets, SimulatedInputs? request)
    {
        lock (_lock)
        {
            foreach (var offset in offsets)
            {
                _claimed.Remove(offset);
                _outputs.Remove(offset);
            }

            if (request is not null)
            {
                _requests.Remove(request);
            }
        }
    }

    private void SetOutput(int offset, bool value)
    {
        lock (_lock)
        {
            _levels[offset] = value;
        }

        OutputChanged?.Invoke(offset, value);
    }

    private void CheckOffset(int offset)
    {
        if (offset < 0 || offset >= LineCount)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"{Path} has lines 0..{LineCount - 1}, not {offset}.");
        }
    }

    private sealed class SimulatedInputs : IGpioInputLines
    {
        private readonly SimulatedGpioChip _chip;
        private readonly GpioInputRequest _request;
        private readonly Dictionary<int, uint> _lineSeqno = [];
        private uint _seqno;
        private bool _disposed;

        public SimulatedInputs(SimulatedGpioChip chip, GpioInputRequest request)
        {
            _chip = chip;
            _request = request;
            var debounceNs = request.Debounce.Ticks * 100;
            Debounce = debounceNs > 0 ? GpioDebounceApplied.Software : GpioDebounceApplied.None;
            Pipeline = new GpioEventPipeline(request.Offsets, request.Edges, debounceNs, request.QueueCapacity);
        }

        public IReadOnlyList<int> Offsets => _request.Offsets;

        public ChannelReader<GpioEdgeEvent> Events => Pipeline.Reader;

        public GpioDebounceApplied Debounce { get; }

        public GpioEventCounters Counters => Pipeline.Counters;

        internal GpioEventPipeline Pipeline { get; }

        public bool Read(int offset)
        {
            if (!_request.Offsets.Contains(offset))
            {
                throw new ArgumentException($"Line {offset} is not part of this request.", nameof(offset));
            }

            return _chip.GetLevel(offset) ^ _request.ActiveLow;
        }

        public bool Raise(int offset, GpioEdge physical, long timestampNs, bool drop)
        {
            if (_disposed || !_request.Offsets.Contains(offset))
            {
                return false;
            }

            var edge = _request.ActiveLow ? (physical == GpioEdge.Rising ? GpioEdge.Falling : GpioEdge.Rising) : physical;
            // Like the kernel: with software debounce both edges are requested; otherwise only the asked-for ones.
            var kernelEdges = Debounce == GpioDebounceApplied.Software ? GpioEdgeDetection.Both : _request.Edges;
            var wanted = edge == GpioEdge.Rising ? GpioEdgeDetection.Rising : GpioEdgeDetection.Falling;
            if ((kernelEdges & wanted) == 0)
            {
                return true;
            }

            _seqno++;
            _lineSeqno[offset] = _lineSeqno.GetValueOrDefault(offset) + 1;
            if (!drop)
            {
                Pipeline.OnRaw(offset, edge, timestampNs, _seqno, _lineSeqno[offset]);
            }

            return true;
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Pipeline.Complete();
            _chip.Release(_request.Offsets, this);
        }
    }

    private sealed class SimulatedOutput(SimulatedGpioChip chip, int offset) : IGpioOutputLine
    {
        private bool _disposed;

        public int Offset => offset;

        public bool Value => chip.GetOutput(offset);

        public void Write(bool value)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            chip.SetOutput(offset, value);
        }

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                chip.Release([offset], null);
            }
        }
    }
}
