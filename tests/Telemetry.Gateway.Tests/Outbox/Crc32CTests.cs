using System.Text;
using Telemetry.Gateway.Outbox;

namespace Telemetry.Gateway.Tests.Outbox;

public sealed class Crc32CTests
{
    // RFC 3720 (iSCSI) Appendix B.4 test vectors, plus the "123456789" check value of the CRC catalogue.
    public static TheoryData<string, uint> Vectors => new()
    {
        { "zeros32", 0x8A9136AAu },
        { "ones32", 0x62A8AB43u },
        { "ascending32", 0x46DD794Eu },
        { "descending32", 0x113FDB5Cu },
        { "check", 0xE3069283u },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Matches_published_vectors_on_hardware_and_software_paths(string name, uint expected)
    {
        var data = name switch
        {
            "zeros32" => new byte[32],
            "ones32" => Enumerable.Repeat((byte)0xFF, 32).ToArray(),
            "ascending32" => Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
            "descending32" => Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(),
            _ => Encoding.ASCII.GetBytes("123456789"),
        };

        Assert.Equal(expected, Crc32C.Compute(data));
        Assert.Equal(expected, Crc32C.Finish(Crc32C.AppendSoftware(Crc32C.Seed, data)));
    }

    [Fact]
    public void Incremental_equals_one_shot_at_every_split()
    {
        var data = Enumerable.Range(0, 53).Select(i => (byte)(i * 7 + 3)).ToArray();
        var whole = Crc32C.Compute(data);
        for (var split = 0; split <= data.Length; split++)
        {
            var state = Crc32C.Append(Crc32C.Seed, data.AsSpan(0, split));
            Assert.Equal(whole, Crc32C.Finish(Crc32C.Append(state, data.AsSpan(split))));
        }
    }
}
