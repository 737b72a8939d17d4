using System.Globalization;
using System.Text;
using Telemetry.Gateway.Cli.Decode;

namespace Telemetry.Gateway.Tests.Decode;

public sealed class JsonFieldsTests
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
    public void Short_decimals_are_written_as_their_shortest_text(double value, string expected)
    {
        Span<byte> text = stackalloc byte[32];
        Assert.True(JsonFields.TryFormatShortDecimal(value, text, out var length));
        Assert.Equal(expected, Encoding.ASCII.GetString(text[..length]));
    }

    [Fact]
    public void Fast_path_text_always_parses_back_to_the_same_double()
    {
        var random = new Random(5);
        Span<byte> text = stackalloc byte[32];
        for (var i = 0; i < 100_000; i++)
        {
            var value = random.Next(4) switch
            {
                0 => random.NextInt64(-1_000_000_000, 1_000_000_000) / Math.Pow(10, random.Next(0, 10)),
                1 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 15)),
                2 => 37 + (random.NextInt64(0, 60_000_000) / 6e9),
                _ => BitConverter.Int64BitsToDouble(random.NextInt64()),
            };
            if (JsonFields.TryFormatShortDecimal(value, text, out var length))
            {
                var parsed = double.Parse(Encoding.ASCII.GetString(text[..length]), NumberStyles.Float, CultureInfo.InvariantCulture);
                Assert.Equal(value, parsed);
            }
        }
    }

    [Fact]
    public void Values_needing_more_digits_fall_back()
    {
        Span<byte> text = stackalloc byte[32];
        Assert.False(JsonFields.TryFormatShortDecimal(52.21635788333333, text, out _));
        Assert.False(JsonFields.TryFormatShortDecimal(double.NaN, text, out _));
        Assert.False(JsonFields.TryFormatShortDecimal(1e20, text, out _));
    }
}
