using System.Runtime.CompilerServices;

namespace Telemetry.Gateway.Cli.Decode;

/// <summary>
/// Decimal text for JSON numbers from integer arithmetic: the general shortest round-trip formatter (Grisu/Ryu in
/// <see cref="double.TryFormat(Span{byte}, out int, ReadOnlySpan{char}, IFormatProvider?)"/>) took 13 % of a
/// `telemetry decode` run's samples, and almost every NMEA value is a short decimal or a computed value with a known
/// resolution.
/// </summary>
internal static class DecimalText
{
    /// <summary>Longest text written: sign, 16 digits, point.</summary>
    public const int MaxLength = 24;

    // Fraction digits of a short decimal: NMEA fields carry at most 9 in practice (RTK coordinates have 8 in minutes,
    // but those are written by Fixed); a value needing more falls back to the general formatter.
    private const int ShortDecimalDigits = 9;

    // 10^9 · 10^6 < 2^53: below 10^6 every 9-decimal value is an exact integer in a double, and has at most
    // 15 significant digits, so it is the only decimal that short which maps to that double (see TryFormatShort).
    private const double ShortDecimalLimit = 1e6;

    // Integers in a double are exact up to 2^53; stay well inside it.
    private const double FixedLimit = 9e15;

    private static readonly double[] DoublePowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// True when <paramref name="text"/> is a JSON number without exponent: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?</c>.
    /// NMEA decimals mostly are; <c>+1.5</c>, <c>.5</c>, <c>5.</c> and <c>007</c> are not.
    /// </summary>
    public static bool IsJsonNumber(ReadOnlySpan<byte> text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit((char)text[i]) || (text[i] == '0' && i + 1 < text.Length && char.IsAsciiDigit((char)text[i + 1])))
        {
            return false;
        }

        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.')
        {
            var fraction = ++i;
            while (i < text.Length && char.IsAsciiDigit((char)text[i]))
            {
                i++;
            }

            if (i == fraction)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    /// <summary>
    /// <see cref="IsJsonNumber"/> for text the NMEA parser already accepted as a decimal
    /// (<see cref="Telemetry.Protocols.Nmea.NmeaField.TryParseDecimal"/>: sign, digits, at most one point, at least
    /// one digit). Only the places where the two grammars differ are looked at — a '+' sign, no digit before the point,
    /// a leading zero, a trailing point — so the check is a few compares instead of a pass over the digits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsJsonNumberOfParsedDecimal(ReadOnlySpan<byte> text)
    {
        var first = text.Length > 0 && text[0] == '-' ? 1 : 0;
        return first < text.Length
            && text[^1] != '.'
            && char.IsAsciiDigit((char)text[first])
            && (text[first] != '0' || first + 1 == text.Length || text[first + 1] == '.');
    }

    /// <summary>
    /// A value parsed from a short NMEA decimal (545.4, -16.9, 0.012) as the shortest text that parses back to it.
    /// One test: m = round(v·10^9) and m / 10^9 == v. The division of two exact integers is correctly rounded, so
    /// the text m·10^-9 parses back to exactly v; with |v| &lt; 10^6 it has at most 15 significant digits, and
    /// two different decimals of 15 digits or fewer never round to the same double, so the text (trailing zeros
    /// trimmed) is the one the shortest round-trip formatter would choose. False for anything else.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFormatShort(double value, Span<byte> text, out int length)
    {
        length = 0;
        if (!(Math.Abs(value) < ShortDecimalLimit))
        {
            return false;
        }

        var scaled = Math.Round(value * DoublePowersOfTen[ShortDecimalDigits]);
        if (scaled / DoublePowersOfTen[ShortDecimalDigits] != value)
        {
            return false;
        }

        // Through long: double to ulong is a helper call on x64, double to long one instruction.
        length = Write(text, double.IsNegative(value), (ulong)(long)Math.Abs(scaled), ShortDecimalDigits);
        return true;
    }

    /// <summary>
    /// A computed value (degrees from ddmm.mmmm, m/s from knots) rounded to <paramref name="decimals"/> places
    /// (6, 9 or 12, the resolutions the emitters use), trailing zeros trimmed. False when the value is not finite or too large for exact rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFormatFixed(double value, int decimals, Span<byte> text, out int length)
    {
        length = 0;
        var scaled = Math.Round(value * DoublePowersOfTen[decimals]);
        if (!(Math.Abs(scaled) < FixedLimit))
        {
            return false;
        }

        // A value that rounds to zero is written as 0, not -0.
        length = Write(text, scaled < 0, (ulong)(long)Math.Abs(scaled), decimals);
        return true;
    }

    // Divisions only by constants (the JIT turns them into multiplications), 32-bit blocks of at most six digits so
    // the dependent chains stay short, trailing zeros stripped arithmetically before any digit is written.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Write(Span<byte> text, bool negative, ulong magnitude, int decimals)
    {
        ulong whole;
        uint high, low;
        int lowWidth;
        switch (decimals)
        {
            case 6:
                whole = magnitude / 1_000_000;
                high = 0;
                low = (uint)(magnitude - (whole * 1_000_000));
                lowWidth = 6;
                break;
            case 9:
                whole = magnitude / 1_000_000_000;
                var nine = (uint)(magnitude - (whole * 1_000_000_000));
                high = nine / 1_000;
                low = nine - (high * 1_000);
                lowWidth = 3;
                break;
            case 12:
                whole = magnitude / 1_000_000_000_000;
                var twelve = magnitude - (whole * 1_000_000_000_000);
                high = (uint)(twelve / 1_000_000);
                low = (uint)(twelve - (high * 1_000_000UL));
                lowWidth = 6;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "6, 9 or 12 decimals");
        }

        var length = 0;
        if (negative)
        {
            text[length++] = (byte)'-';
        }

        length += WriteWhole(text[length..], whole);
        if ((high | low) == 0)
        {
            return length;
        }

        text[length++] = (byte)'.';
        var highWidth = decimals - lowWidth;
        if (low == 0)
        {
            // Only the high block has digits (545.4 with 9 decimals: high 400, low 0).
            Trim(ref high, ref highWidth);
            WriteBlock(text, length, high, highWidth);
            return length + highWidth;
        }

        WriteBlock(text, length, high, highWidth);
        length += highWidth;
        Trim(ref low, ref lowWidth);
        WriteBlock(text, length, low, lowWidth);
        return length + lowWidth;
    }

    // Drops the trailing zeros of a non-zero block of at most six digits (so at most five zeros).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Trim(ref uint block, ref int width)
    {
        if (block % 1_000 == 0)
        {
            block /= 1_000;
            width -= 3;
        }

        if (block % 100 == 0)
        {
            block /= 100;
            width -= 2;
        }

        if (block % 10 == 0)
        {
            block /= 10;
            width--;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteWhole(Span<byte> text, ulong whole)
    {
        if (whole < 1_000_000)
        {
            var value = (uint)whole;
            var width = value < 10 ? 1 : value < 100 ? 2 : value < 1_000 ? 3 : value < 10_000 ? 4 : value < 100_000 ? 5 : 6;
            WriteBlock(text, 0, value, width);
            return width;
        }

        // Rare (a computed value of a million or more): split into a leading part and six-digit blocks.
        var upper = whole / 1_000_000;
        var length = WriteWhole(text, upper);
        WriteBlock(text, length, (uint)(whole - (upper * 1_000_000)), 6);
        return length + 6;
    }

    // Writes exactly `width` (at most 6) digits of value, zero-padded on the left, starting at `at`.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteBlock(Span<byte> text, int at, uint value, int width)
    {
        var digits = text.Slice(at, width);
        var i = width;
        while (i >= 2)
        {
            var next = value / 100;
            var pair = (int)(value - (next * 100)) * 2;
            value = next;
            digits[--i] = DigitPairs[pair + 1];
            digits[--i] = DigitPairs[pair];
        }

        if (i == 1)
        {
            digits[0] = (byte)('0' + value);
        }
    }

    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;
}
