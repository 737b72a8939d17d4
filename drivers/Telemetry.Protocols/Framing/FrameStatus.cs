namespace Telemetry.Protocols.Framing;

/// <summary>What a framer found at the start of a buffer.</summary>
public enum FrameStatus : byte
{
    /// <summary>No complete frame yet; bytes the framer left in the buffer must be kept.</summary>
    NeedMoreData,

    /// <summary>A frame whose framing and checksum are valid was cut out of the buffer.</summary>
    Complete,

    /// <summary>Bytes were rejected and removed from the buffer; the reason says why. Scanning goes on.</summary>
    Invalid,
}
