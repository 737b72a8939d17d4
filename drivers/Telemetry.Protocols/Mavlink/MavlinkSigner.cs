namespace Telemetry.Protocols.Mavlink;

/// <summary>
/// Signs outgoing MAVLink 2 frames for one link. Keeps the timestamp strictly increasing, as receivers reject
/// a repeated or older timestamp per (system, component, link) as a replay.
/// </summary>
public sealed class MavlinkSigner
{
    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private ulong _last;

    /// <summary>Creates a signer.</summary>
    /// <param name="key">The 32-byte shared secret.</param>
    /// <param name="linkId">Link id written into every signature block.</param>
    /// <param name="time">Clock for timestamps; <see cref="TimeProvider.System"/> when null.</param>
    public MavlinkSigner(ReadOnlySpan<byte> key, byte linkId, TimeProvider? time = null)
    {
        if (key.Length != MavlinkConstants.KeyLength)
        {
            throw new ArgumentException($"A MAVLink signing key is {MavlinkConstants.KeyLength} bytes; got {key.Length}.", nameof(key));
        }

        _key = key.ToArray();
        LinkId = linkId;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Link id of this signer.</summary>
    public byte LinkId { get; }

    /// <summary>
    /// Next timestamp: the clock in 10 µs units since 2015-01-01, or one more than the last one when the clock has
    /// not moved on (several frames within 10 µs, or a clock stepped back).
    /// </summary>
    public ulong NextTimestamp()
    {
        var now = MavlinkSignature.FromTime(_time.GetUtcNow());
        _last = now > _last ? now : _last + 1;
        return _last;
    }

    /// <summary>
    /// Fills the signature block of <paramref name="frame"/>, whose last 13 bytes are reserved for it and whose
    /// header already has the signed flag set.
    /// </summary>
    internal void Sign(Span<byte> frame)
    {
        var block = frame[^MavlinkConstants.SignatureBlockLength..];
        block[0] = LinkId;
        MavlinkSignature.WriteTimestamp(block[1..7], NextTimestamp());
        MavlinkSignature.Compute(_key, frame[..^MavlinkConstants.SignatureLength], frame[^MavlinkConstants.SignatureLength..]);
    }
}
