using System.Runtime.CompilerServices;

namespace Telemetry.Protocols.Nmea;

/// <summary>
/// Culture-free parsers for NMEA field text, straight from ASCII bytes (C8). Each returns false for a malformed
/// field and true with a null value for an empty field: empty means absent, never zero.
/// </summary>
public static class NmeaField
{
    // Largest number of significant digits kept; more fraction digits are truncated, more integer digits rejected.
    private const int MaxDigits = 18;

    private static readonly long[] PowersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
    ];

    // The same powers as doubles (all exact below 10^22), so the division needs no integer conversion.
    private static readonly double[] DoublePowersOfTen =
        [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18];

    // AggressiveOptimization on the per-sentence path: a batch `telemetry decode` keeps every core busy, which starves
    // the background tier-1 JIT, so tiered code would run unoptimised for much of a run (benchmarks/README.md, issue 3).
    /// <summary>Splits <c>[+-]? DIGIT* ("." DIGIT*)?</c> (at least one digit) into an exact scaled integer.</summary>
    /// <param name="field">The field text.</param>
    /// <param name="mantissa">The digits as an integer, sign applied.</param>
    /// <param name="scale">How many of the digits follow the decimal point.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseScaled(ReadOnlySpan<byte> field, out long mantissa, out int scale)
    {
        mantissa = 0;
        scale = 0;
        if (field.Length <= MaxDigits)
        {
            return TryParseShortScaled(field, out mantissa, out scale);
        }

        var i = 0;
        var negative = false;
        if (field.Length > 0 && (field[0] == '-' || field[0] == '+'))
        {
            negative = field[0] == '-';
            i = 1;
        }

        var digits = 0;
        var sawDigit = false;
        var sawPoint = false;
        for (; i < field.Length; i++)
        {
            var c = field[i];
            if (c == '.')
            {
                if (sawPoint)
                {
                    return false;
                }

                sawPoint = true;
                continue;
            }

            var d = (uint)(c - '0');
            if (d > 9)
            {
                return false;
            }

            sawDigit = true;
            if (mantissa == 0 && d == 0)
            {
                // Leading zeros carry no precision; they only move the decimal point.
                scale += sawPoint ? 1 : 0;
                continue;
            }

            if (digits == MaxDigits)
            {
                if (!sawPoint)
                {
                    return false;
                }

                continue;
            }

            mantissa = (mantissa * 10) + d;
            digits++;
            scale += sawPoint ? 1 : 0;
        }

        if (scale >= PowersOfTen.Length)
        {
            // Only possible with a long run of leading fractional zeros: the value is zero at any useful precision.
            mantissa = 0;
            scale = 0;
        }

        mantissa = negative ? -mantissa : mantissa;
        return sawDigit;
    }

    // The common case: a field of at most MaxDigits bytes cannot hold more than MaxDigits digits, so the digits
    // accumulate without counting; leading zeros add nothing to the mantissa, exactly as in the general loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.AggressiveInlining)]
    private static bool TryParseShortScaled(ReadOnlySpan<byte> field, out long mantissa, out int scale)
    {
        mantissa = 0;
        scale = 0;
        var i = 0;
        var negative = false;
        if (field.Length > 0 && (field[0] == '-' || field[0] == '+'))
        {
            negative = field[0] == '-';
            i = 1;
        }

        var digitsFrom = i;
        var point = -1;
        for (; i < field.Length; i++)
        {
            var d = (uint)(field[i] - '0');
            if (d <= 9)
            {
                mantissa = (mantissa * 10) + d;
            }
            else if (field[i] == '.' && point < 0)
            {
                point = i;
            }
            else
            {
                return false;
            }
        }

        scale = point < 0 ? 0 : field.Length - point - 1;
        mantissa = negative ? -mantissa : mantissa;
        return field.Length - digitsFrom - (point < 0 ? 0 : 1) > 0;
    }

    /// <summary>A decimal number such as <c>545.4</c> or <c>-16.9</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseDecimal(ReadOnlySpan<byte> field, out double? value)
    {
        value = null;
        if (field.IsEmpty)
        {
            return true;
        }

        if (!TryParseScaled(field, out var mantissa, out var scale))
        {
            return false;
        }

        // One division of two exactly representable integers: the result is the correctly rounded double.
        value = mantissa / DoublePowersOfTen[scale];
        return true;
    }

    /// <summary>A non-negative integer such as a satellite count (at most <see cref="int.MaxValue"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseInt(ReadOnlySpan<byte> field, out int? value)
    {
        value = null;
        if (field.IsEmpty)
        {
            return true;
        }

        if (field.Length > 10)
        {
            return false;
        }

        long result = 0;
        foreach (var c in field)
        {
            var d = (uint)(c - '0');
            if (d > 9)
            {
                return false;
            }

            result = (result * 10) + d;
        }

        if (result > int.MaxValue)
        {
            return false;
        }

        value = (int)result;
        return true;
    }

    /// <summary>A single character such as a status or mode indicator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseChar(ReadOnlySpan<byte> field, out byte? value)
    {
        value = field.Length == 1 ? field[0] : null;
        return field.Length <= 1;
    }

    /// <summary>
    /// Latitude <c>ddmm.mmmm</c> + hemisphere, or longitude <c>dddmm.mmmm</c> + hemisphere, to signed decimal degrees.
    /// </summary>
    /// <remarks>
    /// Full precision: degrees = (dd·60·10^k + mm.mmmm·10^k) / (60·10^k), one division of two exact integers, so
    /// 5212.981473,N gives the double nearest to 52.2163578833…°. Both fields empty means absent; one of them
    /// empty, minutes ≥ 60, or degrees past 90 / 180 is malformed.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseCoordinate(ReadOnlySpan<byte> value, ReadOnlySpan<byte> hemisphere, bool isLatitude, out double? degrees)
    {
        degrees = null;
        if (value.IsEmpty && hemisphere.IsEmpty)
        {
            return true;
        }

        if (hemisphere.Length != 1 || value.IsEmpty || value[0] == '-' || value[0] == '+')
        {
            return false;
        }

        var negative = (isLatitude, hemisphere[0]) switch
        {
            (true, (byte)'N') or (false, (byte)'E') => false,
            (true, (byte)'S') or (false, (byte)'W') => true,
            _ => (bool?)null,
        };
        if (negative is null || !TryParseScaled(value, out var mantissa, out var scale) || scale > 12)
        {
            return false;
        }

        var unit = PowersOfTen[scale];
        var wholeDegrees = DegreesOf(mantissa, scale);
        var minutesScaled = mantissa - (wholeDegrees * 100 * unit);
        if (minutesScaled >= 60 * unit || wholeDegrees > (isLatitude ? 90 : 180))
        {
            return false;
        }

        var result = (double)((wholeDegrees * 60 * unit) + minutesScaled) / (60 * unit);
        if (result > (isLatitude ? 90 : 180))
        {
            return false;
        }

        degrees = negative.Value ? -result : result;
        return true;
    }

    // ddmm.mmmm scaled by 10^scale → dd: a division by a constant per receiver format (the JIT turns it into a
    // multiplication) instead of a 64-bit division by a variable on every coordinate.
    private static long DegreesOf(long mantissa, int scale) => scale switch
    {
        0 => mantissa / 100,
        1 => mantissa / 1_000,
        2 => mantissa / 10_000,
        3 => mantissa / 100_000,
        4 => mantissa / 1_000_000,
        5 => mantissa / 10_000_000,
        6 => mantissa / 100_000_000,
        7 => mantissa / 1_000_000_000,
        8 => mantissa / 10_000_000_000,
        _ => mantissa / PowersOfTen[scale] / 100,
    };

    /// <summary>UTC time of day <c>hhmmss</c> or <c>hhmmss.s…</c> (up to 7 fraction digits kept).</summary>
    /// <remarks>A leap second (ss = 60) is held as 23:59:59.9999999 because <see cref="TimeOnly"/> has no 60th second.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseTime(ReadOnlySpan<byte> field, out TimeOnly? time)
    {
        time = null;
        if (field.IsEmpty)
        {
            return true;
        }

        if (field.Length < 6 || !TryTwoDigits(field, 0, out var hours) || !TryTwoDigits(field, 2, out var minutes)
            || !TryTwoDigits(field, 4, out var seconds) || hours > 23 || minutes > 59 || seconds > 60)
        {
            return false;
        }

        long fractionTicks = 0;
        if (field.Length > 6)
        {
            if (field[6] != '.')
            {
                return false;
            }

            long tickUnit = TimeSpan.TicksPerSecond / 10;
            for (var i = 7; i < field.Length; i++)
            {
                var d = (uint)(field[i] - '0');
                if (d > 9)
                {
                    return false;
                }

                fractionTicks += d * tickUnit;
                tickUnit /= 10;
            }
        }

        var ticks = (((hours * 60L) + minutes) * 60 + seconds) * TimeSpan.TicksPerSecond + fractionTicks;
        time = new TimeOnly(Math.Min(ticks, TimeOnly.MaxValue.Ticks));
        return true;
    }

    /// <summary>RMC date <c>ddmmyy</c>; the century comes from <see cref="NmeaDates.ExpandTwoDigitYear"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseDate(ReadOnlySpan<byte> field, out DateOnly? date)
    {
        date = null;
        if (field.IsEmpty)
        {
            return true;
        }

        if (field.Length != 6 || !TryTwoDigits(field, 0, out var day) || !TryTwoDigits(field, 2, out var month)
            || !TryTwoDigits(field, 4, out var year))
        {
            return false;
        }

        return NmeaDates.TryCreate(NmeaDates.ExpandTwoDigitYear(year), month, day, out date);
    }

    private static bool TryTwoDigits(ReadOnlySpan<byte> field, int at, out int value)
    {
        var tens = (uint)(field[at] - '0');
        var ones = (uint)(field[at + 1] - '0');
        value = (int)((tens * 10) + ones);
        return tens <= 9 && ones <= 9;
    }
}
