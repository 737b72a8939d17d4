namespace Telemetry.Protocols.Mavlink;

/// <summary>Frame layout constants (https://mavlink.io/en/guide/serialization.html, message_signing.html).</summary>
public static class MavlinkConstants
{
    /// <summary>MAVLink 2 start byte.</summary>
    public const byte MagicV2 = 0xFD;

    /// <summary>MAVLink 1 start byte.</summary>
    public const byte MagicV1 = 0xFE;

    /// <summary>Incompatibility flag: the frame is signed.</summary>
    public const byte IncompatSigned = 0x01;

    /// <summary>Every incompatibility flag this implementation understands.</summary>
    public const byte IncompatKnown = IncompatSigned;

    /// <summary>MAVLink 2 header: magic, len, incompat, compat, seq, sysid, compid, msgid (3).</summary>
    public const int HeaderLengthV2 = 10;

    /// <summary>MAVLink 1 header: magic, len, seq, sysid, compid, msgid.</summary>
    public const int HeaderLengthV1 = 6;

    /// <summary>CRC bytes after the payload.</summary>
    public const int ChecksumLength = 2;

    /// <summary>Signature block: link id (1), timestamp (6), signature (6).</summary>
    public const int SignatureBlockLength = 13;

    /// <summary>Truncated SHA-256 signature length.</summary>
    public const int SignatureLength = 6;

    /// <summary>Largest payload.</summary>
    public const int MaxPayloadLength = 255;

    /// <summary>Largest frame: signed MAVLink 2 with a 255-byte payload.</summary>
    public const int MaxFrameLength = HeaderLengthV2 + MaxPayloadLength + ChecksumLength + SignatureBlockLength;

    /// <summary>Secret key length for signing.</summary>
    public const int KeyLength = 32;
}
