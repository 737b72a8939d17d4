using Telemetry.Gateway.Cli;
using Telemetry.Gateway.Cli.Decode;

namespace Telemetry.Gateway.Tests.Decode;

public sealed class DecodeStartupTests
{
    [Fact]
    public void The_warm_up_sample_decodes_every_sentence_it_holds()
    {
        // Eight GNSS types and one detector sentence: a broken checksum would make the warm-up skip a type.
        Assert.Equal(9, NmeaDecodeWarmup.Run());
    }

    [Fact]
    public void Only_the_invoked_verb_is_built_and_every_verb_otherwise()
    {
        var all = CommandCatalog.Create([]).Select(c => c.Name).ToList();
        Assert.Equal(["demo", "gateway", "decode", "record", "replay", "mqtt", "broker", "sim", "outbox"], all);
        Assert.Equal(all, CommandCatalog.Create(["--help"]).Select(c => c.Name));
        Assert.Equal(all, CommandCatalog.Create(["decod"]).Select(c => c.Name));
        foreach (var verb in all)
        {
            Assert.Equal([verb], CommandCatalog.Create([verb, "--help"]).Select(c => c.Name));
        }
    }
}
