using System.Text.Json;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>Shared property writers: optional values are simply left out, times are ISO 8601 UTC.</summary>
internal static class JsonFields
{
    /// <summary>Exact: one knot is 1852 m per hour.</summary>
    public const double MetresPerSecondPerKnot = 1852.0 / 3600.0;

    public static void Number(Utf8JsonWriter json, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    public static void Number(Utf8JsonWriter json, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    public static void Char(Utf8JsonWriter json, ReadOnlySpan<byte> name, byte? value)
    {
        if (value is { } c)
        {
            json.WriteString(name, [c]);
        }
    }

    /// <summary><c>time</c>: <c>2024-05-15T08:15:30.5Z</c> when the date is known, else <c>08:15:30.5Z</c>.</summary>
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

        json.WriteString("time"u8, text[..length]);
    }

    private static int WriteDate(Span<byte> text, DateOnly date)
    {
        Digits(text, date.Year, 4);
        text[4] = (byte)'-';
        Digits(text[5..], date.Month, 2);
        text[7] = (byte)'-';
        Digits(text[8..], date.Day, 2);
        return 10;
    }

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

    private static void Digits(Span<byte> text, long value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            text[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
