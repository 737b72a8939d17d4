using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>Shared property writers: optional values are simply left out; numbers are written by <see cref="DecimalText"/>.</summary>
internal static class JsonFields
{
    /// <summary>Exact: one knot is 1852 m per hour.</summary>
    public const double MetresPerSecondPerKnot = 1852.0 / 3600.0;

    // One-character values (status, mode letters) encoded once, with the sink's escaping: writing them then skips
    // the escaping scan.
    private static readonly JsonEncodedText[] AsciiCharacters = EncodeAscii();

    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Number(Utf8JsonWriter json, JsonEncodedText name, double? value) => Number(json, name, value, default);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Number(Utf8JsonWriter json, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v)
        {
            json.WritePropertyName(name);
            NumberValue(json, v);
        }
    }

    /// <summary>
    /// A decimal field: its own text when that is a JSON number (the receiver's digits, trailing zeros and all, which
    /// also show the resolution it reports), else the value as the shortest text that reads back the same.
    /// <paramref name="fieldText"/> must be the text <paramref name="value"/> was parsed from (or empty).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Number(Utf8JsonWriter json, JsonEncodedText name, double? value, ReadOnlySpan<byte> fieldText)
    {
        if (value is not { } v)
        {
            return;
        }

        json.WritePropertyName(name);
        if (DecimalText.IsJsonNumberOfParsedDecimal(fieldText))
        {
            json.WriteRawValue(fieldText, skipInputValidation: true);
        }
        else
        {
            NumberValue(json, v);
        }
    }

    /// <summary>A computed value rounded to <paramref name="decimals"/> places (the resolution documented per field).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fixed(Utf8JsonWriter json, JsonEncodedText name, double? value, int decimals)
    {
        if (value is not { } v)
        {
            return;
        }

        json.WritePropertyName(name);
        Span<byte> text = stackalloc byte[DecimalText.MaxLength];
        if (DecimalText.TryFormatFixed(v, decimals, text, out var length))
        {
            json.WriteRawValue(text[..length], skipInputValidation: true);
        }
        else
        {
            json.WriteNumberValue(v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Number(Utf8JsonWriter json, JsonEncodedText name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Number(Utf8JsonWriter json, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Char(Utf8JsonWriter json, JsonEncodedText name, byte? value)
    {
        if (value is { } c)
        {
            json.WriteString(name, CharText(c));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Char(Utf8JsonWriter json, ReadOnlySpan<byte> name, byte? value)
    {
        if (value is { } c)
        {
            json.WriteString(name, CharText(c));
        }
    }

    // Frames hold printable ASCII only (the framer rejects anything else); the fallback covers other callers.
    private static JsonEncodedText CharText(byte c) => c < AsciiCharacters.Length ? AsciiCharacters[c] : Encode([c]);

    // A loop, not LINQ: a generic instantiation over a value type is one more method to compile at start-up.
    private static JsonEncodedText[] EncodeAscii()
    {
        var all = new JsonEncodedText[128];
        for (var c = 0; c < all.Length; c++)
        {
            all[c] = Encode([(byte)c]);
        }

        return all;
    }

    /// <summary>Encodes a value once, with the same escaping as <see cref="DecodeSink"/>'s writer.</summary>
    public static JsonEncodedText Encode(ReadOnlySpan<byte> utf8) => JsonEncodedText.Encode(utf8, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    // A short decimal is written from its digits; anything else by the general shortest round-trip formatter.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NumberValue(Utf8JsonWriter json, double v)
    {
        Span<byte> text = stackalloc byte[DecimalText.MaxLength];
        if (DecimalText.TryFormatShort(v, text, out var length))
        {
            json.WriteRawValue(text[..length], skipInputValidation: true);
        }
        else
        {
            json.WriteNumberValue(v);
        }
    }
}
