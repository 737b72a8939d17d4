using System.Text.Json;

namespace Telemetry.Protocols.Mavlink;

/// <summary>JSON helpers the generated messages share.</summary>
internal static class MavlinkJson
{
    /// <summary>
    /// Writes a float field. JSON has no NaN or infinity (and <see cref="Utf8JsonWriter"/> throws on them), while
    /// MAVLink uses NaN for "unknown", so non-finite values are written as null.
    /// </summary>
    public static void WriteNumber(Utf8JsonWriter json, ReadOnlySpan<byte> name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>Array element form of <see cref="WriteNumber"/>.</summary>
    public static void WriteNumberValue(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    /// <summary>
    /// Writes a MAVLink char array as a string: up to the first NUL, printable ASCII kept and anything else
    /// replaced by '?', so a corrupted or hostile label can neither break the JSON nor smuggle control bytes.
    /// </summary>
    public static void WriteChars(Utf8JsonWriter json, ReadOnlySpan<byte> name, ReadOnlySpan<byte> chars)
    {
        var end = chars.IndexOf((byte)0);
        if (end >= 0)
        {
            chars = chars[..end];
        }

        Span<byte> clean = stackalloc byte[chars.Length];
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            clean[i] = c is >= 0x20 and < 0x7F ? c : (byte)'?';
        }

        json.WriteString(name, clean);
    }
}
