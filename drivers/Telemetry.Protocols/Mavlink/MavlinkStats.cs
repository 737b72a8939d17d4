namespace Telemetry.Protocols.Mavlink;

/// <summary>
/// MAVLink outcomes that are not rejections and so are not in <see cref="Framing.FrameCounters"/>:
/// accepted-but-unsigned, signature checks, and frames of message ids outside the dialect.
/// Written by the reader thread, read by metrics; hence interlocked.
/// </summary>
public sealed class MavlinkStats
{
    private long _unknownMessages;
    private long _unsignedAccepted;
    private long _signedVerified;
    private long _signedUnverified;

    /// <summary>Frames whose message id is not in the dialect (framed, CRC not checkable, passed on flagged).</summary>
    public long UnknownMessages => Interlocked.Read(ref _unknownMessages);

    /// <summary>Unsigned frames accepted under <see cref="MavlinkSignaturePolicy.AcceptUnsigned"/>.</summary>
    public long UnsignedAccepted => Interlocked.Read(ref _unsignedAccepted);

    /// <summary>Signed frames whose signature was verified.</summary>
    public long SignedVerified => Interlocked.Read(ref _signedVerified);

    /// <summary>Signed frames accepted without verification because no key is configured.</summary>
    public long SignedUnverified => Interlocked.Read(ref _signedUnverified);

    internal void AddUnknown() => Interlocked.Increment(ref _unknownMessages);

    internal void AddUnsignedAccepted() => Interlocked.Increment(ref _unsignedAccepted);

    internal void AddSignedVerified() => Interlocked.Increment(ref _signedVerified);

    internal void AddSignedUnverified() => Interlocked.Increment(ref _signedUnverified);
}
