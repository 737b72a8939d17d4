namespace Telemetry.Protocols.Mavlink;

/// <summary>What the receiver does with signatures.</summary>
public enum MavlinkSignaturePolicy : byte
{
    /// <summary>
    /// Unsigned frames are accepted (and counted). Signed frames are verified when a key is set; without a key
    /// their signature cannot be checked and they are accepted and counted as unverified.
    /// </summary>
    AcceptUnsigned,

    /// <summary>Only frames with a valid signature under the configured key are accepted; needs a key.</summary>
    RequireSigned,
}

/// <summary>Receiver-side signing configuration.</summary>
public sealed record MavlinkSigningOptions
{
    /// <summary>Upper bound on distinct (system, component, link) streams whose last timestamp is remembered.</summary>
    public const int DefaultMaxStreams = 1024;

    /// <summary>Shared 32-byte secret, or empty for none.</summary>
    public ReadOnlyMemory<byte> Key { get; init; }

    /// <summary>Policy for unsigned frames.</summary>
    public MavlinkSignaturePolicy Policy { get; init; }

    /// <summary>
    /// Hard cap on remembered replay streams. A signed frame from a new stream beyond the cap is rejected as
    /// <c>Replayed</c>: forgetting a stream would let its old frames be replayed, so refusing is the safe side.
    /// </summary>
    public int MaxStreams { get; init; } = DefaultMaxStreams;

    /// <summary>Accept everything, verify nothing: the default when no signing is configured.</summary>
    public static MavlinkSigningOptions None { get; } = new();

    /// <summary>Throws with the configuration key and the fix when the options cannot work.</summary>
    public void Validate()
    {
        if (!Key.IsEmpty && Key.Length != MavlinkConstants.KeyLength)
        {
            throw new ArgumentException(
                $"Mavlink:Signing:Key must be {MavlinkConstants.KeyLength} bytes (64 hex digits); it has {Key.Length}. Set the full key or remove it.");
        }

        if (Policy == MavlinkSignaturePolicy.RequireSigned && Key.IsEmpty)
        {
            throw new ArgumentException(
                "Mavlink:Signing:Policy is RequireSigned but Mavlink:Signing:Key is not set. Set the key or use AcceptUnsigned.");
        }

        if (MaxStreams < 1)
        {
            throw new ArgumentException("Mavlink:Signing:MaxStreams must be at least 1.");
        }
    }
}
