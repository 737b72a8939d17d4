using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>Shared property writers: optional values are simply left out, times are ISO 8601 UTC.</summary>
internal static class JsonFields
{
    /// <summary>Exact: one knot is 1852 m per hour.</summary>
    public const double MetresPerSecondPerKnot = 1852.0 / 3600.0;

    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time"u8);

    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Number(Utf8JsonWriter json, JsonEncodedText name, double? value)
    {
        if (value is { } v)
        {
            json.WritePropertyName(name);
            NumberValue(json, v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Number(Utf8JsonWriter json, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v)
        {
            json.WritePropertyName(name);
            NumberValue(json, v);
        }
    }

    // A short decimal is written from its digits; anything else by the general shortest round-trip formatter.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NumberValue(Utf8JsonWriter json, double v)
    {
        Span<byte> text = stackalloc byte[32];
        if (TryFormatShortDecimal(v, text, out var length))
        {
            json.WriteRawValue(text[..length], skipInputValidation: true);
        }
        else
        {
            json.WriteNumberValue(v);
        }
    }

    /// <summary>
    /// Fast path for values that came from short NMEA decimals (545.4, -16.9, 0.012): finds the fewest fraction
    /// digits s ≤ 9 with round(v·10^s) / 10^s == v and writes that integer with the point inserted. The division
    /// is correctly rounded, so any JSON reader parses the text back to exactly v, as with the general shortest
    /// round-trip formatter, at a fraction of its cost. Values that need more digits (computed degrees) return false.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryFormatShortDecimal(double value, Span<byte> text, out int length)
    {
        length = 0;
        if (!double.IsFinite(value) || Math.Abs(value) >= 1e15)
        {
            return false;
        }

        for (var scale = 0; scale < PowersOfTen.Length; scale++)
        {
            var scaled = Math.Round(value * PowersOfTen[scale]);
            if (Math.Abs(scaled) >= 9e15 || scaled / PowersOfTen[scale] != value)
            {
                continue;
            }

            var mantissa = (long)scaled;
            if (mantissa < 0 || (mantissa == 0 && double.IsNegative(value)))
            {
                text[length++] = (byte)'-';
                mantissa = -mantissa;
            }

            Span<byte> digits = stackalloc byte[20];
            var count = 0;
            do
            {
                digits[count++] = (byte)('0' + (mantissa % 10));
                mantissa /= 10;
            }
            while (mantissa != 0 || count <= scale);

            for (var i = count - 1; i >= 0; i--)
            {
                text[length++] = digits[i];
                if (i == scale && scale > 0)
                {
                    text[length++] = (byte)'.';
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>Computed values (degrees from ddmm.mmmm, unit conversions): the shortest round-trip text directly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Computed(Utf8JsonWriter json, JsonEncodedText name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Computed(Utf8JsonWriter json, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
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
            json.WriteString(name, [c]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Char(Utf8JsonWriter json, ReadOnlySpan<byte> name, byte? value)
    {
        if (value is { } c)
        {
            json.WriteString(name, [c]);
        }
    }

    /// <summary><c>time</c>: <c>2024-05-15T08:15:30.5Z</c> when the date is known, else <c>08:15:30.5Z</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Time(Utf8JsonWriter json, TimeOnly? time, DateTime? dated)
    {
        Span<byte> text = stackalloc byte[40];
        var length = 0;
        if (dated is { } d)
        {
            length = WriteDate(text, DateOnly.FromDateTime(d));
            text[length++] = (byte)'T';
            length += WriteTimeOfDay(text[length..], TimeOnly.FromDateTime(d));
        }
        else if (time is { } t)
        {
            length = WriteTimeOfDay(text, t);
        }
        else
        {
            return;
        }

        json.WriteString(TimeName, text[..length]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WriteDate(Span<byte> text, DateOnly date)
    {
        Digits(text, date.Year, 4);
        text[4] = (byte)'-';
        Digits(text[5..], date.Month, 2);
        text[7] = (byte)'-';
        Digits(text[8..], date.Day, 2);
        return 10;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WriteTimeOfDay(Span<byte> text, TimeOnly time)
    {
        Digits(text, time.Hour, 2);
        text[2] = (byte)':';
        Digits(text[3..], time.Minute, 2);
        text[5] = (byte)':';
        Digits(text[6..], time.Second, 2);
        var length = 8;
        var fraction = time.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            var digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            text[length++] = (byte)'.';
            Digits(text[length..], fraction, digits);
            length += digits;
        }

        text[length++] = (byte)'Z';
        return length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Digits(Span<byte> text, long value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            text[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
