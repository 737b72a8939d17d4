using Telemetry.Protocols.Mavlink.Generator;

namespace Telemetry.Protocols.Tests.Mavlink;

public sealed class MavlinkGeneratorTests
{
    private static readonly string DialectPath = RepoPaths.Combine("drivers", "Telemetry.Protocols", "Mavlink", "Dialect", "telemetry.xml");
    private static readonly string GeneratedDir = RepoPaths.Combine("drivers", "Telemetry.Protocols", "Mavlink", "Generated");

    [Fact]
    public void Checked_in_generated_files_match_the_dialect_xml()
    {
        var files = MavlinkGenerator.Generate(File.ReadAllText(DialectPath));
        if (Environment.GetEnvironmentVariable("MAVLINK_REGENERATE") == "1")
        {
            foreach (var old in Directory.GetFiles(GeneratedDir, "*.g.cs"))
            {
                File.Delete(old);
            }

            foreach (var (name, source) in files)
            {
                File.WriteAllText(Path.Combine(GeneratedDir, name), source);
            }
        }

        var onDisk = Directory.GetFiles(GeneratedDir, "*.g.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files.Select(f => f.FileName).Order(StringComparer.Ordinal).ToArray(), onDisk);
        foreach (var (name, source) in files)
        {
            var current = File.ReadAllText(Path.Combine(GeneratedDir, name));
            Assert.True(
                source == current,
                $"{name} is stale: run MAVLINK_REGENERATE=1 dotnet test tests/Telemetry.Protocols.Tests and commit the result.");
        }
    }

    // CRC_EXTRA and lengths from the generated common.h MAVLINK_MESSAGE_CRCS table ({id, crc_extra, min_len, max_len}),
    // domain.md §4.4. Matching them proves our XML copies the official field names, types and order.
    [Theory]
    [InlineData("HEARTBEAT", 0u, 50, 9, 9)]
    [InlineData("SYS_STATUS", 1u, 124, 31, 43)]
    [InlineData("GPS_RAW_INT", 24u, 24, 30, 52)]
    [InlineData("ATTITUDE", 30u, 39, 28, 28)]
    [InlineData("GLOBAL_POSITION_INT", 33u, 104, 28, 28)]
    public void Official_messages_have_the_published_crc_extra_and_lengths(string name, uint id, int extra, int min, int max)
    {
        var message = MavlinkGenerator.Parse(File.ReadAllText(DialectPath)).Single(m => m.Name == name);
        Assert.Equal(id, message.Id);
        Assert.Equal(extra, message.CrcExtra);
        Assert.Equal(min, message.MinLength);
        Assert.Equal(max, message.MaxLength);
    }

    [Fact]
    public void Survey_detection_wire_order_sorts_by_size_and_puts_extensions_last()
    {
        var message = MavlinkGenerator.Parse(File.ReadAllText(DialectPath)).Single(m => m.Name == "SURVEY_DETECTION");
        Assert.Equal(
            ["time_usec", "detection_id", "lat", "lon", "alt", "signal", "h_acc", "agl", "sensor", "classification", "confidence", "label", "image_idx"],
            message.Fields.Select(f => f.Name).ToArray());
        Assert.Equal(51, message.MinLength);
        Assert.Equal(53, message.MaxLength);
        Assert.Equal(51, message.Fields[^1].Offset);
    }

    [Fact]
    public void Survey_detection_crc_extra_matches_an_independent_computation_and_the_doc()
    {
        // Independent: the serialization guide's algorithm spelled out by hand over the wire-ordered definition.
        var text = "SURVEY_DETECTION uint64_t time_usec uint32_t detection_id int32_t lat int32_t lon int32_t alt float signal "
            + "uint16_t h_acc uint16_t agl uint8_t sensor uint8_t classification uint8_t confidence char label ";
        ushort crc = 0xFFFF;
        foreach (var c in text)
        {
            crc = ReferenceCrc(crc, (byte)c);
        }

        crc = ReferenceCrc(crc, 16);
        var expected = (byte)((crc & 0xFF) ^ (crc >> 8));
        var message = MavlinkGenerator.Parse(File.ReadAllText(DialectPath)).Single(m => m.Name == "SURVEY_DETECTION");
        Assert.Equal(expected, message.CrcExtra);
        var doc = File.ReadAllText(RepoPaths.Combine("docs", "protocols", "drone.md"));
        Assert.Contains($"CRC_EXTRA = {expected}", doc, StringComparison.Ordinal);
    }

    [Fact]
    public void Drone_doc_quotes_the_survey_detection_xml_exactly()
    {
        var xml = File.ReadAllText(DialectPath);
        var begin = xml.IndexOf("<message id=\"47000\"", StringComparison.Ordinal);
        var end = xml.IndexOf("</message>", begin, StringComparison.Ordinal) + "</message>".Length;
        var block = string.Join('\n', xml[begin..end].Split('\n').Select(l => l.Trim()));
        var doc = File.ReadAllText(RepoPaths.Combine("docs", "protocols", "drone.md"));
        var docBlock = string.Join('\n', doc.Split('\n').Select(l => l.Trim()));
        Assert.Contains(block, docBlock, StringComparison.Ordinal);
    }

    // Bit-by-bit CRC-16/MCRF4XX (reflected poly 0x8408), deliberately a different formulation from MavlinkCrc.
    internal static ushort ReferenceCrc(ushort crc, byte value)
    {
        crc ^= value;
        for (var i = 0; i < 8; i++)
        {
            crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0x8408) : (ushort)(crc >> 1);
        }

        return crc;
    }
}
