using System.Buffers;
using System.Text;
using System.Text.Json;
using Telemetry.Gateway.Cli.Decode;

namespace Telemetry.Gateway.Tests.Decode;

public sealed class LastNumberTextTests
{
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("lat");

    [Fact]
    public void A_repeated_value_reuses_its_text_and_a_new_one_is_formatted()
    {
        var cache = default(LastNumberText);
        double?[] values = [39.99310083333334, 39.99310083333334, 39.9931, -0.0, 0.0, null, 1e300, 39.9931];
        string[] expected =
        [
            """{"lat":39.993100833333}""", """{"lat":39.993100833333}""", """{"lat":39.9931}""", """{"lat":0}""",
            """{"lat":0}""", "{}", """{"lat":1E+300}""", """{"lat":39.9931}""",
        ];
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(expected[i], Write(ref cache, values[i]));
        }
    }

    private static string Write(ref LastNumberText cache, double? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            cache.WriteFixed(json, Name, value, 12);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
