using System.Buffers;

namespace Telemetry.Protocols.Framing;

/// <summary>Receives the frames a framer cuts. Implement on a struct to let the JIT devirtualise the call.</summary>
public interface IFrameHandler
{
    /// <summary>Called once per valid frame. The sequence is only valid during the call.</summary>
    void OnFrame(in ReadOnlySequence<byte> frame);

    /// <summary>Called once per rejection, after the counters have been updated.</summary>
    void OnRejected(FrameError error, long byteCount);
}
