using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Telemetry.Protocols.Mavlink;

/// <summary>
/// MAVLink 2 message signing (https://mavlink.io/en/guide/message_signing.html):
/// signature = first 48 bits of SHA-256(secret_key (32) + header (10) + payload + CRC (2) + link_id (1) + timestamp (6)).
/// The timestamp counts 10 µs units since 2015-01-01 00:00:00 UTC, 48 bits little-endian.
/// </summary>
internal static class MavlinkSignature
{
    /// <summary>Start of the signing timestamp epoch.</summary>
    public static readonly DateTimeOffset Epoch = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Largest 48-bit timestamp.</summary>
    public const ulong MaxTimestamp = (1UL << 48) - 1;

    /// <summary>
    /// Computes the 6-byte signature of <paramref name="signedPart"/> (magic through timestamp, i.e. the frame
    /// without its last 6 bytes) under <paramref name="key"/>.
    /// </summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> signedPart, Span<byte> signature)
    {
        Span<byte> input = stackalloc byte[MavlinkConstants.KeyLength + MavlinkConstants.MaxFrameLength];
        key.CopyTo(input);
        signedPart.CopyTo(input[key.Length..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input[..(key.Length + signedPart.Length)], hash);
        hash[..MavlinkConstants.SignatureLength].CopyTo(signature);
    }

    /// <summary>Reads the 48-bit little-endian timestamp.</summary>
    public static ulong ReadTimestamp(ReadOnlySpan<byte> sixBytes)
        => BinaryPrimitives.ReadUInt32LittleEndian(sixBytes) | ((ulong)BinaryPrimitives.ReadUInt16LittleEndian(sixBytes[4..]) << 32);

    /// <summary>Writes the 48-bit little-endian timestamp.</summary>
    public static void WriteTimestamp(Span<byte> sixBytes, ulong timestamp)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(sixBytes, (uint)timestamp);
        BinaryPrimitives.WriteUInt16LittleEndian(sixBytes[4..], (ushort)(timestamp >> 32));
    }

    /// <summary>Converts a wall-clock time to signing timestamp units.</summary>
    public static ulong FromTime(DateTimeOffset time)
    {
        var ticks = (time - Epoch).Ticks;
        // One 10 µs unit is 100 ticks of 100 ns.
        return ticks <= 0 ? 0 : Math.Min((ulong)ticks / 100, MaxTimestamp);
    }
}
