namespace Telemetry.Drivers.Gpio;

/// <summary>Direction of one edge.</summary>
public enum GpioEdge
{
    /// <summary>Low to high (after active-low inversion).</summary>
    Rising = 1,

    /// <summary>High to low.</summary>
    Falling = 2,
}

/// <summary>Which edges a request reports.</summary>
[Flags]
public enum GpioEdgeDetection
{
    /// <summary>No edge events; the lines can still be read.</summary>
    None = 0,

    /// <summary>Rising edges.</summary>
    Rising = 1,

    /// <summary>Falling edges.</summary>
    Falling = 2,

    /// <summary>Both edges.</summary>
    Both = Rising | Falling,
}

/// <summary>Input bias.</summary>
public enum GpioBias
{
    /// <summary>Leave the chip's current bias.</summary>
    AsIs,

    /// <summary>No pull (an external resistor is fitted).</summary>
    Disabled,

    /// <summary>Internal pull-up.</summary>
    PullUp,

    /// <summary>Internal pull-down.</summary>
    PullDown,
}

/// <summary>Where debouncing happens.</summary>
public enum GpioDebounceMode
{
    /// <summary>Kernel debounce (GPIO_V2_LINE_ATTR_ID_DEBOUNCE) when the chip accepts it, software otherwise.</summary>
    Auto,

    /// <summary>Kernel only; the request fails if the chip refuses.</summary>
    Kernel,

    /// <summary>
    /// Software only. Keeps the kernel timestamp of the edge that started the stable level, whereas the kernel's
    /// debounce stamps the event when the debounce period ends (one period late).
    /// </summary>
    Software,
}

/// <summary>
/// One edge as the kernel saw it. <see cref="TimestampNs"/> is the kernel's timestamp (CLOCK_MONOTONIC unless the
/// request asked for realtime); the sequence numbers come from the kernel, so <see cref="MissedBefore"/> &gt; 0 means
/// events on this line were lost (kernel buffer overflow) just before this one.
/// </summary>
/// <param name="Offset">Line offset on the chip.</param>
/// <param name="Edge">Rising or falling.</param>
/// <param name="TimestampNs">Kernel timestamp in nanoseconds.</param>
/// <param name="GlobalSequence">Sequence number over all lines of the request (kernel seqno, from 1).</param>
/// <param name="LineSequence">Sequence number on this line (kernel line_seqno, from 1).</param>
/// <param name="MissedBefore">Events lost on this line since the previous reported one (sequence gap).</param>
public readonly record struct GpioEdgeEvent(int Offset, GpioEdge Edge, long TimestampNs, uint GlobalSequence, uint LineSequence, uint MissedBefore);

/// <summary>A request for input lines with edge detection.</summary>
public sealed record GpioInputRequest
{
    /// <summary>Line offsets on the chip (1..64 lines).</summary>
    public required IReadOnlyList<int> Offsets { get; init; }

    /// <summary>Edges to report.</summary>
    public GpioEdgeDetection Edges { get; init; } = GpioEdgeDetection.Both;

    /// <summary>Bias.</summary>
    public GpioBias Bias { get; init; } = GpioBias.AsIs;

    /// <summary>Invert the logic level (a switch to ground with a pull-up reads "pressed" as high).</summary>
    public bool ActiveLow { get; init; }

    /// <summary>Debounce period; zero disables debouncing.</summary>
    public TimeSpan Debounce { get; init; }

    /// <summary>Where to debounce.</summary>
    public GpioDebounceMode DebounceMode { get; init; } = GpioDebounceMode.Auto;

    /// <summary>Consumer name shown by gpioinfo (max 31 bytes).</summary>
    public string Consumer { get; init; } = "telemetry";

    /// <summary>Kernel event buffer size hint; 0 = kernel default (16 per line). Overflow shows as sequence gaps.</summary>
    public int EventBufferSize { get; init; } = 256;

    /// <summary>Events queued for the consumer before new ones are dropped (and counted).</summary>
    public int QueueCapacity { get; init; } = 4096;

    internal void Validate(int lineCount)
    {
        if (Offsets is null || Offsets.Count is 0 or > 64)
        {
            throw new ArgumentException("GpioInputRequest.Offsets must list 1..64 lines.");
        }

        foreach (var offset in Offsets)
        {
            if (offset < 0 || offset >= lineCount)
            {
                throw new ArgumentException($"GpioInputRequest.Offsets: line {offset} does not exist; the chip has lines 0..{lineCount - 1}.");
            }
        }

        if (Offsets.Distinct().Count() != Offsets.Count)
        {
            throw new ArgumentException("GpioInputRequest.Offsets lists a line twice.");
        }

        if (Debounce < TimeSpan.Zero || Debounce > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentException($"GpioInputRequest.Debounce must be within 0..10 s, not {Debounce}.");
        }

        if (QueueCapacity < 1 || EventBufferSize < 0)
        {
            throw new ArgumentException("GpioInputRequest.QueueCapacity must be >= 1 and EventBufferSize >= 0.");
        }
    }
}
