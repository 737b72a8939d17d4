using System.Text;

namespace Telemetry.Mqtt.Packets;

/// <summary>
/// UTF-8 string rules (MQTT 5.0 §1.5.4, 3.1.1 §1.5.3): well-formed UTF-8 (no surrogates, no overlongs),
/// no U+0000, at most 65,535 bytes. A string breaking them makes the packet malformed.
/// </summary>
public static class MqttUtf8
{
    /// <summary>Largest string in bytes: the length prefix is a two-byte integer.</summary>
    public const int MaxLength = ushort.MaxValue;

    /// <summary>True when <paramref name="value"/> may appear as an MQTT UTF-8 encoded string.</summary>
    public static bool IsValid(ReadOnlySpan<byte> value)
        => value.Length <= MaxLength && value.IndexOf((byte)0) < 0 && System.Text.Unicode.Utf8.IsValid(value);

    /// <summary>Encodes a .NET string, validating it against the MQTT rules; throws <see cref="ArgumentException"/>.</summary>
    public static byte[] Encode(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        byte[] bytes;
        try
        {
            bytes = new UTF8Encoding(false, true).GetBytes(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("Not well-formed UTF-16 (lone surrogate); MQTT strings must be valid UTF-8.", paramName, e);
        }

        if (!IsValid(bytes))
        {
            throw new ArgumentException("MQTT strings may not contain U+0000 nor exceed 65,535 UTF-8 bytes.", paramName);
        }

        return bytes;
    }
}
