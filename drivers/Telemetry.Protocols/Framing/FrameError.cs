namespace Telemetry.Protocols.Framing;

/// <summary>
/// Why bytes were rejected. One shared list for every protocol so a single counter array, indexed by
/// this value, can count rejections by reason whatever the device.
/// </summary>
public enum FrameError : byte
{
    /// <summary>Nothing was rejected.</summary>
    None = 0,

    /// <summary>Bytes before a start marker were skipped to resynchronise.</summary>
    Noise,

    /// <summary>Checksum or CRC did not match.</summary>
    Checksum,

    /// <summary>A checksum the protocol requires was absent.</summary>
    MissingChecksum,

    /// <summary>The frame grew past the protocol's hard length cap before it ended.</summary>
    TooLong,

    /// <summary>The frame ended with something other than its terminator.</summary>
    BadTerminator,

    /// <summary>A header field (length, version, flags) is impossible.</summary>
    BadHeader,

    /// <summary>A byte that may not appear inside a frame (NUL, control, non-ASCII) was found.</summary>
    BadCharacter,

    /// <summary>The protocol version or an incompatibility flag is not supported.</summary>
    Unsupported,

    /// <summary>A signature was present and wrong.</summary>
    BadSignature,

    /// <summary>A signature was required and absent.</summary>
    Unsigned,

    /// <summary>A signed frame repeated or went back in time.</summary>
    Replayed,

    /// <summary>The stream ended in the middle of a frame.</summary>
    Truncated,

    /// <summary>The frame was well framed but a field could not be decoded.</summary>
    BadField,

    /// <summary>A multi-frame message (e.g. J1939 transport protocol) could not be reassembled.</summary>
    Reassembly,
}
