using System.IO.Pipelines;

namespace Telemetry.Drivers.Sources;

/// <summary>
/// A device or stream the gateway reads: serial port, TCP client, UDP listener or file replay. <see cref="IDuplexPipe.Input"/>
/// is one <see cref="PipeReader"/> for the source's whole life: reopens after an unplug are invisible to the
/// consumer except as a gap in time, so one <c>FrameReaderLoop</c> runs until the source is disposed (then the reader
/// completes). <see cref="IDuplexPipe.Output"/> carries bytes to the device; while it is not open they are dropped
/// and counted in <see cref="SourceCounters.BytesDropped"/>.
/// </summary>
public interface IByteSource : IDuplexPipe, IAsyncDisposable
{
    /// <summary>The endpoint as configured: a path (/dev/serial/by-id/…), tcp://host:port, udp://:port or a file.</summary>
    string Endpoint { get; }

    /// <summary>What the last successful open reached, e.g. "/dev/serial/by-id/usb-u-blox… → /dev/ttyACM0".</summary>
    string? ResolvedEndpoint { get; }

    /// <summary>Current liveness.</summary>
    SourceState State { get; }

    /// <summary>The last error (it names the device and the fix), or null after a clean open.</summary>
    string? LastError { get; }

    /// <summary>Byte, open, hang-up and stall counters; frames via <see cref="SourceCounters.Framing"/>.</summary>
    SourceCounters Counters { get; }

    /// <summary>Raised on the source's own thread at every state change. Handlers must be quick and must not throw.</summary>
    event EventHandler<SourceStateChangedEventArgs>? StateChanged;

    /// <summary>Starts opening (and retrying) in the background. Idempotent.</summary>
    void Start();
}
