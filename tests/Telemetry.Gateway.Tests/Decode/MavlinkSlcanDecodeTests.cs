using System.Text;
using System.Text.Json;
using Telemetry.Gateway.Cli.Decode;

namespace Telemetry.Gateway.Tests.Decode;

public sealed class MavlinkSlcanDecodeTests
{
    // domain.md §4.4 vectors (CRCs checked independently in Python).
    private static readonly byte[] Heartbeat = Convert.FromHexString("FD09000000010100000000000000020351040" + "3E71E");
    private static readonly byte[] GlobalPositionInt = Convert.FromHexString(
        "FD1C0000070101210000" + "40E20100" + "7876D617" + "20F3F81B" + "30570500" + "983A0000" + "F4010000" + "00002823" + "CE3E");

    // docs/protocols/drone.md §3.4 (payload truncated to 46 bytes).
    private static readonly byte[] SurveyDetection = Convert.FromHexString(
        "FD2E00000301BF98B700" + "0058EBF841440600" + "2A000000" + "7876D617" + "20F3F81B" + "30570500" + "00004841" + "0F009600" + "010157"
        + "4D41472D414E4F4D414C59" + "E4B5");

    [Fact]
    public async Task Mavlink_frames_become_json_with_header_and_xml_named_fields()
    {
        byte[] corrupted = [.. Heartbeat];
        corrupted[^1] ^= 1;
        var (lines, summary) = await Decode("mavlink", [.. Heartbeat, .. corrupted, .. GlobalPositionInt, .. SurveyDetection]);
        Assert.Equal(3, lines.Count);
        var gpi = lines[1].RootElement;
        Assert.Equal("GLOBAL_POSITION_INT", gpi.GetProperty("type").GetString());
        Assert.Equal(1, gpi.GetProperty("sysid").GetInt32());
        Assert.Equal(1, gpi.GetProperty("compid").GetInt32());
        Assert.Equal(7, gpi.GetProperty("seq").GetInt32());
        Assert.Equal(2, gpi.GetProperty("version").GetInt32());
        Assert.False(gpi.GetProperty("signed").GetBoolean());
        Assert.Equal(399931000, gpi.GetProperty("fields").GetProperty("lat").GetInt32());
        Assert.Equal(9000, gpi.GetProperty("fields").GetProperty("hdg").GetInt32());
        var survey = lines[2].RootElement;
        Assert.Equal("SURVEY_DETECTION", survey.GetProperty("type").GetString());
        Assert.Equal("MAG-ANOMALY", survey.GetProperty("fields").GetProperty("label").GetString());
        Assert.Equal(15, survey.GetProperty("fields").GetProperty("h_acc").GetInt32());
        Assert.Equal(1, summary.Framing.Rejected(Protocols.Framing.FrameError.Checksum));
    }

    [Fact]
    public async Task Slcan_lines_become_json_with_j1939_fields_and_units()
    {
        var input = "T0CF004008FF7D7DE015FFF0FF\rT18FEF31C87 8EB0195206824 99\rT18FF1280802E6B3FDFFFFFFFF\rt123411223344\r".Replace(" ", string.Empty, StringComparison.Ordinal);
        var (lines, summary) = await Decode("slcan", Encoding.ASCII.GetBytes(input));
        Assert.Equal(4, lines.Count);
        var eec1 = lines[0].RootElement;
        Assert.Equal("EEC1", eec1.GetProperty("type").GetString());
        Assert.Equal("0CF00400", eec1.GetProperty("id").GetString());
        Assert.True(eec1.GetProperty("extended").GetBoolean());
        Assert.Equal(8, eec1.GetProperty("dlc").GetInt32());
        Assert.Equal("FF7D7DE015FFF0FF", eec1.GetProperty("data").GetString());
        Assert.Equal(3, eec1.GetProperty("priority").GetInt32());
        Assert.Equal(61444, eec1.GetProperty("pgn").GetInt32());
        Assert.Equal(0, eec1.GetProperty("sa").GetInt32());
        Assert.Equal(255, eec1.GetProperty("da").GetInt32());
        var speed = eec1.GetProperty("params").GetProperty("engine_speed");
        Assert.Equal(700, speed.GetProperty("value").GetDouble());
        Assert.Equal("rpm", speed.GetProperty("unit").GetString());
        var vp = lines[1].RootElement.GetProperty("params");
        Assert.Equal(39.9931, vp.GetProperty("latitude").GetProperty("value").GetDouble(), 7);
        Assert.Equal(-71, lines[2].RootElement.GetProperty("params").GetProperty("remote_link_rssi").GetProperty("value").GetDouble());
        Assert.True(lines[3].RootElement.GetProperty("unknown").GetBoolean());
        Assert.Equal(3, summary.Decoded);
        Assert.Equal(1, summary.Unknown);
    }

    [Fact]
    public async Task Transport_messages_are_reassembled_in_the_output()
    {
        // BAM of DM1 (PGN 65226 = 0xFECA) from SA 0x00: 10 bytes in 2 packets.
        var input = "T1CECFF008200A0002FFCAFE00\rT1CEBFF0080101020304050607\rT1CEBFF0080208090AFFFFFFFF\r";
        var (lines, _) = await Decode("slcan", Encoding.ASCII.GetBytes(input));
        Assert.Equal(3, lines.Count);
        var transport = lines[2].RootElement.GetProperty("transport");
        Assert.Equal(65226, transport.GetProperty("pgn").GetInt32());
        Assert.Equal(10, transport.GetProperty("size").GetInt32());
        Assert.Equal("0102030405060708090A", transport.GetProperty("data").GetString());
    }

    [Fact]
    public void Auto_sniffs_each_protocol()
    {
        Assert.Equal("mavlink", DecodeSniffer.Choose(Heartbeat.Concat(GlobalPositionInt).ToArray()));
        Assert.Equal("slcan", DecodeSniffer.Choose(Encoding.ASCII.GetBytes("T0CF004008FF7D7DE015FFF0FF\rt123411223344\r")));
        Assert.Equal("auto-nmea", DecodeSniffer.Choose(Encoding.ASCII.GetBytes("$GPGGA,,,,,,0,00,,,M,,M,,*66\r\n")));
    }

    [Fact]
    public async Task Auto_decodes_a_mavlink_capture_without_losing_the_peeked_bytes()
    {
        var capture = Enumerable.Repeat(GlobalPositionInt, 300).SelectMany(f => f).ToArray(); // > 4096 bytes
        var (lines, _) = await Decode("auto", capture);
        Assert.Equal(300, lines.Count);
        Assert.All(lines, l => Assert.Equal("GLOBAL_POSITION_INT", l.RootElement.GetProperty("type").GetString()));
    }

    private static async Task<(List<JsonDocument> Lines, DecodeSummary Summary)> Decode(string protocol, byte[] input)
    {
        using var output = new MemoryStream();
        var summary = await DecodeProtocols.RunAsync(protocol, new MemoryStream(input), output, raw: false, TestContext.Current.CancellationToken);
        var text = Encoding.UTF8.GetString(output.ToArray());
        return ([.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l))], summary);
    }
}
