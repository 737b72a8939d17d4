using System.Text.Json;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>Upper-case hex strings for binary protocols, without allocating.</summary>
internal static class HexJson
{
    public static void Write(Utf8JsonWriter json, ReadOnlySpan<byte> name, ReadOnlySpan<byte> bytes)
    {
        // Frames here are at most 280 bytes (MAVLink); hex doubles that.
        Span<byte> text = stackalloc byte[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            text[2 * i] = Digit(bytes[i] >> 4);
            text[(2 * i) + 1] = Digit(bytes[i] & 0xF);
        }

        json.WriteString(name, text);
    }

    public static void Write(Utf8JsonWriter json, ReadOnlySpan<byte> name, uint value, int digits)
    {
        Span<byte> text = stackalloc byte[digits];
        for (var i = digits - 1; i >= 0; i--)
        {
            text[i] = Digit((int)(value & 0xF));
            value >>= 4;
        }

        json.WriteString(name, text);
    }

    private static byte Digit(int value) => (byte)(value < 10 ? '0' + value : 'A' + value - 10);
}
