namespace Telemetry.Protocols.Slcan;

/// <summary>
/// Lawicel SLCAN command and response bytes (CANUSB manual; https://github.com/mac-can/SLCAN; domain.md §3.5).
/// </summary>
internal static class SlcanLiterals
{
    public const byte Cr = (byte)'\r';
    public const byte Bell = 0x07;
    public const byte Standard = (byte)'t';
    public const byte Extended = (byte)'T';
    public const byte StandardRemote = (byte)'r';
    public const byte ExtendedRemote = (byte)'R';
    public const byte StandardSent = (byte)'z';
    public const byte ExtendedSent = (byte)'Z';
    public const byte Status = (byte)'F';
    public const byte VersionReply = (byte)'V';
    public const byte SerialReply = (byte)'N';
    public const byte Open = (byte)'O';
    public const byte Close = (byte)'C';
    public const byte Bitrate = (byte)'S';

    /// <summary>Hex digits the writer emits (upper case, as Lawicel documents).</summary>
    public static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;

    /// <summary>
    /// Letters that start a frame and can never occur inside one (they are not hex digits). A damaged line is
    /// cut short at the first of these so a frame whose preceding CR was lost still decodes.
    /// </summary>
    public static bool IsHardStart(byte b) => b is Standard or Extended or StandardRemote or ExtendedRemote;

    /// <summary>Bytes a frame or response may start with.</summary>
    public static bool IsStart(byte b) => IsHardStart(b) || b is Cr or Bell or StandardSent or ExtendedSent or Status or VersionReply or SerialReply;

    /// <summary>Value of an ASCII hex digit (either case), or -1.</summary>
    public static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => -1,
    };

    /// <summary>Parses <paramref name="digits"/> as big-endian hex; false on a non-hex byte.</summary>
    public static bool TryParseHex(ReadOnlySpan<byte> digits, out uint value)
    {
        value = 0;
        foreach (var d in digits)
        {
            var v = HexValue(d);
            if (v < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)v;
        }

        return true;
    }
}
