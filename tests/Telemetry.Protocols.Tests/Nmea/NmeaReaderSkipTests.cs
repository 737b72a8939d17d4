using System.Text;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Protocols.Tests.Nmea;

public sealed class NmeaReaderSkipTests
{
    [Fact]
    public void Skipping_fields_lands_where_reading_them_one_by_one_does()
    {
        var random = new Random(20261207);
        for (var trial = 0; trial < 3000; trial++)
        {
            // Field counts and lengths on both sides of the 16-byte vectors and the 64-byte window, empty fields included.
            var fieldCount = random.Next(0, 40);
            var maxLength = trial % 3 == 0 ? 1 : trial % 3 == 1 ? 6 : 20;
            var fields = Enumerable.Range(0, fieldCount).Select(_ => new string('7', random.Next(0, maxLength + 1))).ToArray();
            var frame = Encoding.ASCII.GetBytes("$GPXYZ" + string.Concat(fields.Select(f => "," + f)) + "*00\r\n");
            for (var skip = 0; skip <= fieldCount + 2; skip++)
            {
                Assert.True(NmeaReader.TryCreate(frame, out var skipped));
                Assert.True(NmeaReader.TryCreate(frame, out var read));
                skipped.SkipFields(skip);
                for (var i = 0; i < skip; i++)
                {
                    read.ReadField();
                }

                Assert.True(read.RemainingFields.SequenceEqual(skipped.RemainingFields), $"fields [{string.Join(',', fields)}], skip {skip}");
                var expected = skip < fieldCount ? fields[skip] : "";
                Assert.Equal(expected, Encoding.ASCII.GetString(skipped.ReadField()));
            }
        }
    }
}
