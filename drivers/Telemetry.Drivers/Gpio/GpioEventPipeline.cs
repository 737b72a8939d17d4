using System.Threading.Channels;

namespace Telemetry.Drivers.Gpio;

/// <summary>
/// What happens to raw kernel edge events on every chip implementation: sequence-gap accounting, optional software
/// debounce, edge filtering, and a bounded queue to the consumer. Called from one thread (the chip's reader).
/// </summary>
internal sealed class GpioEventPipeline
{
    private readonly Channel<GpioEdgeEvent> _channel;
    private readonly Dictionary<int, LineState> _lines = [];
    private readonly GpioEdgeDetection _edges;
    private uint _lastGlobal;

    public GpioEventPipeline(IReadOnlyList<int> offsets, GpioEdgeDetection edges, long softwareDebounceNs, int capacity)
    {
        _edges = edges;
        foreach (var offset in offsets)
        {
            _lines[offset] = new LineState(softwareDebounceNs > 0 ? new SoftwareDebouncer(softwareDebounceNs) : null);
        }

        _channel = Channel.CreateBounded<GpioEdgeEvent>(new BoundedChannelOptions(capacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public GpioEventCounters Counters { get; } = new();

    public ChannelReader<GpioEdgeEvent> Reader => _channel.Reader;

    /// <summary>The earliest software-debounce deadline (kernel clock), or null: the reader's poll timeout.</summary>
    public long? NextDeadline
    {
        get
        {
            long? earliest = null;
            foreach (var line in _lines.Values)
            {
                if (line.Debouncer?.Deadline is { } d && (earliest is null || d < earliest))
                {
                    earliest = d;
                }
            }

            return earliest;
        }
    }

    /// <summary>Accepts one raw kernel event (kernel seqno and line_seqno as read).</summary>
    public void OnRaw(int offset, GpioEdge edge, long timestampNs, uint seqno, uint lineSeqno)
    {
        Counters.AddReceived();
        if (!_lines.TryGetValue(offset, out var line))
        {
            return;
        }

        // Kernel sequence numbers start at 1 and increase by one per event; a jump means the kernel's buffer
        // overflowed and dropped events. Counted per request (global) and carried on the line's next event.
        if (_lastGlobal != 0 && seqno > _lastGlobal + 1)
        {
            Counters.AddLost(seqno - _lastGlobal - 1);
        }

        _lastGlobal = Math.Max(_lastGlobal, seqno);
        var missed = line.LastLineSeqno != 0 && lineSeqno > line.LastLineSeqno + 1 ? lineSeqno - line.LastLineSeqno - 1 : 0u;
        line.LastLineSeqno = lineSeqno;
        line.CarriedMissed += missed;
        var raw = new GpioEdgeEvent(offset, edge, timestampNs, seqno, lineSeqno, 0);
        if (line.Debouncer is null)
        {
            Deliver(line, raw);
            return;
        }

        var (confirmed, bounces) = line.Debouncer.Process(raw);
        Counters.AddBounces(bounces);
        if (confirmed is { } c)
        {
            Deliver(line, c);
        }
    }

    /// <summary>Confirms debounced edges whose period has passed by <paramref name="nowNs"/> (kernel clock).</summary>
    public void Expire(long nowNs)
    {
        foreach (var line in _lines.Values)
        {
            if (line.Debouncer?.Expire(nowNs) is { } confirmed)
            {
                Deliver(line, confirmed);
            }
        }
    }

    public void Complete() => _channel.Writer.TryComplete();

    private void Deliver(LineState line, GpioEdgeEvent edge)
    {
        var wanted = edge.Edge == GpioEdge.Rising ? GpioEdgeDetection.Rising : GpioEdgeDetection.Falling;
        if ((_edges & wanted) == 0)
        {
            return;
        }

        var delivered = edge with { MissedBefore = line.CarriedMissed };
        if (_channel.Writer.TryWrite(delivered))
        {
            line.CarriedMissed = 0;
            Counters.AddDelivered();
        }
        else
        {
            // The consumer is behind by a whole queue: drop and count rather than stall the kernel reader.
            Counters.AddQueueDropped();
        }
    }

    private sealed class LineState(SoftwareDebouncer? debouncer)
    {
        public SoftwareDebouncer? Debouncer { get; } = debouncer;

        public uint LastLineSeqno { get; set; }

        public uint CarriedMissed { get; set; }
    }
}
