using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// Writes the <c>time</c> property: <c>2024-05-15T08:15:30.5Z</c> when the date is known, else <c>08:15:30.5Z</c>.
/// The sentences of one epoch (GGA, RMC, GST…) carry the same time and the date changes once a day, so the last
/// text is kept whole and the date part apart: a time is formatted once per epoch.
/// </summary>
internal struct TimeText
{
    private const int DateLength = 11;

    // Quotes, date, "hh:mm:ss", up to 7 fraction digits and 'Z'.
    private const int MaxLength = 2 + DateLength + 8 + 8 + 1;
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("time"u8);
    private DatePrefix _prefix;
    private DateOnly _prefixDate;
    private bool _hasPrefix;
    private Text _text;
    private int _textLength;
    private long _textTicks;
    private DateOnly? _textDate;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(Utf8JsonWriter json, TimeOnly? time, DateOnly? date)
    {
        if (time is not { } t)
        {
            return;
        }

        if (_textLength == 0 || t.Ticks != _textTicks || date != _textDate)
        {
            _textLength = Format(t.Ticks, date);
            _textTicks = t.Ticks;
            _textDate = date;
        }

        // Written raw with its quotes: the text is digits and separators only, so the escaping scan is skipped.
        json.WritePropertyName(Name);
        json.WriteRawValue(((ReadOnlySpan<byte>)_text)[.._textLength], skipInputValidation: true);
    }

    private int Format(long ticks, DateOnly? date)
    {
        Span<byte> text = _text;
        text[0] = (byte)'"';
        var length = 1;
        if (date is { } d)
        {
            if (!_hasPrefix || d != _prefixDate)
            {
                FormatDate(_prefix, d);
                _prefixDate = d;
                _hasPrefix = true;
            }

            ((ReadOnlySpan<byte>)_prefix).CopyTo(text[1..]);
            length += DateLength;
        }

        length += FormatTimeOfDay(text[length..], ticks);
        text[length++] = (byte)'"';
        return length;
    }

    private static void FormatDate(Span<byte> text, DateOnly date)
    {
        TwoDigits(text, date.Year / 100);
        TwoDigits(text[2..], date.Year % 100);
        text[4] = (byte)'-';
        TwoDigits(text[5..], date.Month);
        text[7] = (byte)'-';
        TwoDigits(text[8..], date.Day);
        text[10] = (byte)'T';
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FormatTimeOfDay(Span<byte> text, long ticks)
    {
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var fraction = ticks - (seconds * TimeSpan.TicksPerSecond);
        var minutes = seconds / 60;
        TwoDigits(text, (int)(minutes / 60));
        text[2] = (byte)':';
        TwoDigits(text[3..], (int)(minutes % 60));
        text[5] = (byte)':';
        TwoDigits(text[6..], (int)(seconds % 60));
        var length = 8;
        if (fraction != 0)
        {
            // Ticks are 100 ns: up to 7 fraction digits, trailing zeros trimmed.
            var digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            text[length++] = (byte)'.';
            for (var i = length + digits - 1; i >= length; i--)
            {
                text[i] = (byte)('0' + (fraction % 10));
                fraction /= 10;
            }

            length += digits;
        }

        text[length++] = (byte)'Z';
        return length;
    }

    private static void TwoDigits(Span<byte> text, int value)
    {
        text[1] = (byte)('0' + (value % 10));
        text[0] = (byte)('0' + (value / 10));
    }

    [InlineArray(DateLength)]
    private struct DatePrefix
    {
        private byte _first;
    }

    [InlineArray(MaxLength)]
    private struct Text
    {
        private byte _first;
    }
}
