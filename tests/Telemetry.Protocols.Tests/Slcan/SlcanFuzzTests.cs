using System.Text;
using System.Text.RegularExpressions;
using Telemetry.Protocols.Slcan;

namespace Telemetry.Protocols.Tests.Slcan;

public sealed partial class SlcanFuzzTests
{
    private static readonly byte[][] Seeds = [.. SlcanVectors.All.Select(SlcanVectors.Bytes), "T18FF10808200DE100340869FF\r"u8.ToArray()];

    [Fact]
    public void Mutated_streams_agree_across_shapes_and_accept_only_grammatical_lines()
    {
        var iterations = FuzzHarness.Run(
            () => new SlcanFramer(),
            random => random.Next(8) == 0 ? RandomAscii(random) : FuzzHarness.Mutate(random, Seeds, random.Next(1, 12)),
            ReferenceValidate,
            TimeSpan.FromSeconds(1.5),
            seed: 11);
        Assert.True(iterations > 10);
    }

    private static byte[] RandomAscii(Random random)
    {
        const string alphabet = "tTrRzZFVN0123456789ABCDEFabcdefG\r\a\r";
        var bytes = new byte[random.Next(0, 200)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)alphabet[random.Next(alphabet.Length)];
        }

        return bytes;
    }

    // Slow reference: the Lawicel grammar as regular expressions plus the DLC/length rule; and the reader must agree.
    private static void ReferenceValidate(byte[] frame)
    {
        var line = Encoding.Latin1.GetString(frame);
        var match = FrameLine().Match(line);
        if (match.Success)
        {
            var dlc = Convert.ToInt32(match.Groups["dlc"].Value, 16);
            var remote = match.Groups["kind"].Value is "r" or "R";
            var data = match.Groups["rest"].Value;
            Assert.True(dlc <= 8);
            Assert.True(data.Length == (remote ? 0 : dlc * 2) || data.Length == (remote ? 0 : dlc * 2) + 4, line);
            if (match.Groups["kind"].Value is "t" or "r")
            {
                Assert.True(Convert.ToUInt32(match.Groups["id"].Value, 16) <= 0x7FF);
            }
            else
            {
                Assert.True(Convert.ToUInt32(match.Groups["id"].Value, 16) <= 0x1FFFFFFF);
            }
        }
        else
        {
            Assert.Matches(OtherLine(), line);
        }

        Assert.True(SlcanReader.TryRead(frame, out _));
    }

    [GeneratedRegex("^(?<kind>[tr])(?<id>[0-9A-Fa-f]{3})(?<dlc>[0-9A-Fa-f])(?<rest>[0-9A-Fa-f]*)\r$|^(?<kind>[TR])(?<id>[0-9A-Fa-f]{8})(?<dlc>[0-9A-Fa-f])(?<rest>[0-9A-Fa-f]*)\r$")]
    private static partial Regex FrameLine();

    [GeneratedRegex("^(\r|\a|[zZ]\r|F[0-9A-Fa-f]{2}\r|V[0-9A-Fa-f]{4}\r|N[0-9A-Za-z]{4}\r)$")]
    private static partial Regex OtherLine();
}
