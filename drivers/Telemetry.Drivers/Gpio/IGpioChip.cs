using System.Threading.Channels;

namespace Telemetry.Drivers.Gpio;

/// <summary>A GPIO chip: the real /dev/gpiochipN (<see cref="GpioChips"/>) or a <see cref="SimulatedGpioChip"/>.</summary>
public interface IGpioChip : IDisposable
{
    /// <summary>Device path, e.g. /dev/gpiochip0 (a pseudo path for the simulator).</summary>
    string Path { get; }

    /// <summary>Kernel name, e.g. gpiochip0.</summary>
    string Name { get; }

    /// <summary>Chip label, e.g. pinctrl-rp1 (Pi 5) or pinctrl-bcm2711 (Pi 4).</summary>
    string Label { get; }

    /// <summary>Number of lines.</summary>
    int LineCount { get; }

    /// <summary>Requests input lines with edge events. Dispose the result to release the lines.</summary>
    IGpioInputLines RequestInputs(GpioInputRequest request);

    /// <summary>Requests one output line (buzzer, LED) driven to <paramref name="initialValue"/>.</summary>
    IGpioOutputLine RequestOutput(int offset, bool initialValue, string consumer = "telemetry");
}

/// <summary>Requested input lines and their edge events.</summary>
public interface IGpioInputLines : IDisposable
{
    /// <summary>The requested offsets.</summary>
    IReadOnlyList<int> Offsets { get; }

    /// <summary>Edge events in kernel order. Completes when the request is disposed.</summary>
    ChannelReader<GpioEdgeEvent> Events { get; }

    /// <summary>Where debouncing happens for this request (None when no debounce was asked for).</summary>
    GpioDebounceApplied Debounce { get; }

    /// <summary>Event, loss and bounce counters.</summary>
    GpioEventCounters Counters { get; }

    /// <summary>Reads the current logical level of one requested line.</summary>
    bool Read(int offset);
}

/// <summary>An output line.</summary>
public interface IGpioOutputLine : IDisposable
{
    /// <summary>Line offset.</summary>
    int Offset { get; }

    /// <summary>Last value written.</summary>
    bool Value { get; }

    /// <summary>Drives the line.</summary>
    void Write(bool value);
}

/// <summary>Which debounce a request ended up with.</summary>
public enum GpioDebounceApplied
{
    /// <summary>No debouncing.</summary>
    None,

    /// <summary>In the kernel (timestamps mark the end of the debounce period).</summary>
    Kernel,

    /// <summary>In this process (timestamps mark the edge that started the stable level).</summary>
    Software,
}

/// <summary>Counters of one input request; interlocked, readable from any thread.</summary>
public sealed class GpioEventCounters
{
    private long _received;
    private long _delivered;
    private long _lost;
    private long _bounces;
    private long _queueDropped;

    /// <summary>Raw events read from the kernel.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Events handed to the consumer.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Events the kernel lost (sequence-number gaps).</summary>
    public long Lost => Interlocked.Read(ref _lost);

    /// <summary>Raw edges suppressed by software debounce.</summary>
    public long BouncesSuppressed => Interlocked.Read(ref _bounces);

    /// <summary>Events dropped because the consumer's queue was full.</summary>
    public long QueueDropped => Interlocked.Read(ref _queueDropped);

    internal void AddReceived() => Interlocked.Increment(ref _received);

    internal void AddDelivered() => Interlocked.Increment(ref _delivered);

    internal void AddLost(long count) => Interlocked.Add(ref _lost, count);

    internal void AddBounces(long count) => Interlocked.Add(ref _bounces, count);

    internal void AddQueueDropped() => Interlocked.Increment(ref _queueDropped);
}
