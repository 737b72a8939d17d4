using System.Buffers;
using System.Text;
using System.Text.Json;
using Telemetry.Gateway.Cli.Decode;

namespace Telemetry.Gateway.Tests.Decode;

public sealed class TimeTextTests
{
    [Fact]
    public void Dated_and_undated_times_are_iso_8601_utc_with_trimmed_fractions()
    {
        var time = default(TimeText);
        Assert.Equal("""{"time":"2024-05-15T08:15:30Z"}""", Write(ref time, new TimeOnly(8, 15, 30), new DateOnly(2024, 5, 15)));
        Assert.Equal("""{"time":"2024-05-15T23:59:59.5Z"}""", Write(ref time, new TimeOnly(23, 59, 59, 500), new DateOnly(2024, 5, 15)));
        // The cached date text must follow a new day.
        Assert.Equal("""{"time":"2024-05-16T00:00:00.05Z"}""", Write(ref time, new TimeOnly(0, 0, 0, 50), new DateOnly(2024, 5, 16)));
        Assert.Equal("""{"time":"0999-01-02T00:00:00.0000001Z"}""", Write(ref time, new TimeOnly(1), new DateOnly(999, 1, 2)));
        Assert.Equal("""{"time":"17:28:14.25Z"}""", Write(ref time, new TimeOnly(17, 28, 14, 250), null));
        Assert.Equal("{}", Write(ref time, null, new DateOnly(2024, 5, 15)));
    }

    [Fact]
    public void Every_time_of_a_day_matches_the_framework_formatter()
    {
        var time = default(TimeText);
        var random = new Random(3);
        for (var i = 0; i < 20_000; i++)
        {
            var at = new TimeOnly(random.NextInt64(TimeOnly.MaxValue.Ticks + 1));
            var day = DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber + 1));
            var expected = day.ToDateTime(at).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('.') + "Z";
            Assert.Equal($$"""{"time":"{{expected}}"}""", Write(ref time, at, day));
        }
    }

    private static string Write(ref TimeText time, TimeOnly? at, DateOnly? date)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            time.Write(json, at, date);
            json.WriteEndObject();
        }

        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        using var parsed = JsonDocument.Parse(text);
        return text;
    }
}
