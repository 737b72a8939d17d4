using System.Globalization;
using System.Text;
using Telemetry.Gateway.Cli.Decode;

namespace Telemetry.Gateway.Tests.Decode;

public sealed class DecimalTextTests
{
    [Theory]
    [InlineData(545.4, "545.4")]
    [InlineData(-16.9, "-16.9")]
    [InlineData(0.012, "0.012")]
    [InlineData(99.99, "99.99")]
    [InlineData(8.0, "8")]
    [InlineData(0.0, "0")]
    [InlineData(1048.47, "1048.47")]
    [InlineData(-0.000001, "-0.000001")]
    [InlineData(0.123456789, "0.123456789")]
    [InlineData(999999.999999999, "999999.999999999")]
    [InlineData(100000.5, "100000.5")]
    public void Short_decimals_are_written_as_their_shortest_text(double value, string expected)
    {
        Span<byte> text = stackalloc byte[DecimalText.MaxLength];
        Assert.True(DecimalText.TryFormatShort(value, text, out var length));
        Assert.Equal(expected, Encoding.ASCII.GetString(text[..length]));
    }

    [Fact]
    public void Short_text_is_what_the_shortest_round_trip_formatter_writes()
    {
        var random = new Random(5);
        Span<byte> text = stackalloc byte[DecimalText.MaxLength];
        var accepted = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var value = random.Next(4) switch
            {
                0 => random.NextInt64(-1_000_000_000, 1_000_000_000) / Math.Pow(10, random.Next(0, 10)),
                1 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 15)),
                2 => 37 + (random.NextInt64(0, 60_000_000) / 6e9),
                _ => BitConverter.Int64BitsToDouble(random.NextInt64()),
            };
            if (DecimalText.TryFormatShort(value, text, out var length))
            {
                accepted++;
                var written = Encoding.ASCII.GetString(text[..length]);
                Assert.Equal(value, double.Parse(written, NumberStyles.Float, CultureInfo.InvariantCulture));
                // Same digits as "R" wherever that is plain decimal notation (it switches to E notation below 1e-4).
                var shortest = value.ToString("R", CultureInfo.InvariantCulture);
                if (!shortest.Contains('E', StringComparison.Ordinal))
                {
                    Assert.Equal(shortest, written);
                }
            }
        }

        Assert.True(accepted > 30_000, $"only {accepted} values took the fast path");
    }

    [Fact]
    public void Values_needing_more_digits_fall_back()
    {
        Span<byte> text = stackalloc byte[DecimalText.MaxLength];
        Assert.False(DecimalText.TryFormatShort(52.21635788333333, text, out _));
        Assert.False(DecimalText.TryFormatShort(0.1 + 0.2, text, out _));
        Assert.False(DecimalText.TryFormatShort(double.NaN, text, out _));
        Assert.False(DecimalText.TryFormatShort(double.PositiveInfinity, text, out _));
        Assert.False(DecimalText.TryFormatShort(1e20, text, out _));
        Assert.False(DecimalText.TryFormatShort(1e6, text, out _));
    }

    [Theory]
    [InlineData(39.99310083333334, 12, "39.993100833333")]
    [InlineData(46.93, 12, "46.93")]
    [InlineData(-122.03782631066667, 12, "-122.037826310667")]
    [InlineData(52.21635788333333, 12, "52.216357883333")]
    [InlineData(180.0, 12, "180")]
    [InlineData(-0.0000000000001, 12, "0")]
    [InlineData(0.21606666666666666, 6, "0.216067")]
    [InlineData(1234567.5, 6, "1234567.5")]
    [InlineData(0.0005, 9, "0.0005")]
    [InlineData(-7.000000001, 9, "-7.000000001")]
    public void Fixed_rounds_to_the_given_decimals_and_trims_zeros(double value, int decimals, string expected)
    {
        Span<byte> text = stackalloc byte[DecimalText.MaxLength];
        Assert.True(DecimalText.TryFormatFixed(value, decimals, text, out var length));
        Assert.Equal(expected, Encoding.ASCII.GetString(text[..length]));
    }

    [Fact]
    public void Fixed_text_is_within_half_a_unit_of_the_last_decimal()
    {
        var random = new Random(9);
        Span<byte> text = stackalloc byte[DecimalText.MaxLength];
        foreach (var decimals in new[] { 6, 9, 12 })
        {
            for (var i = 0; i < 50_000; i++)
            {
                var value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4));
                Assert.True(DecimalText.TryFormatFixed(value, decimals, text, out var length));
                var written = Encoding.ASCII.GetString(text[..length]);
                var parsed = double.Parse(written, NumberStyles.Float, CultureInfo.InvariantCulture);
                // Half a unit, plus the rounding of v·10^d and of the parse back (a few hundredths of a unit at most here).
                Assert.True(Math.Abs(parsed - value) <= 0.6 * Math.Pow(10, -decimals), $"{value} -> {written}");
                var point = written.IndexOf('.', StringComparison.Ordinal);
                Assert.True(point < 0 || (written.Length - point - 1 <= decimals && written[^1] != '0'), written);
            }
        }
    }

    [Fact]
    public void Fixed_refuses_values_too_large_to_round_exactly()
    {
        Span<byte> text = stackalloc byte[DecimalText.MaxLength];
        Assert.False(DecimalText.TryFormatFixed(1e10, 6, text, out _));
        Assert.False(DecimalText.TryFormatFixed(double.NaN, 12, text, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecimalText.TryFormatFixed(1.5, 7, new byte[DecimalText.MaxLength], out _));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("-0.0", true)]
    [InlineData("35.0", true)]
    [InlineData("0.010", true)]
    [InlineData("1048.47", true)]
    [InlineData("-16.9", true)]
    [InlineData("", false)]
    [InlineData("-", false)]
    [InlineData("+1.5", false)]
    [InlineData(".5", false)]
    [InlineData("5.", false)]
    [InlineData("007", false)]
    [InlineData("00.5", false)]
    [InlineData("1.2.3", false)]
    [InlineData("1e5", false)]
    [InlineData("--1", false)]
    public void Json_number_text_is_recognised(string text, bool expected)
        => Assert.Equal(expected, DecimalText.IsJsonNumber(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Parsed_decimal_check_agrees_with_the_full_json_grammar()
    {
        // Every text the NMEA parser accepts as a decimal, from the characters where the grammars differ.
        var random = new Random(20261207);
        var accepted = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var length = random.Next(0, 8);
            var text = new byte[length];
            for (var j = 0; j < length; j++)
            {
                text[j] = "0123456789.-+0"u8[random.Next(14)];
            }

            if (!Telemetry.Protocols.Nmea.NmeaField.TryParseDecimal(text, out var value) || value is null)
            {
                continue;
            }

            accepted++;
            Assert.True(
                DecimalText.IsJsonNumber(text) == DecimalText.IsJsonNumberOfParsedDecimal(text),
                Encoding.ASCII.GetString(text));
        }

        Assert.True(accepted > 20_000, $"only {accepted} random texts parsed");
    }
}
