using System.Diagnostics;

namespace Telemetry.Protocols.Tests.Fuzzing;

public sealed class NmeaFuzzTests
{
    /// <summary>Set to run a long fuzz campaign, e.g. TELEMETRY_FUZZ_ITERATIONS=1000000.</summary>
    private const string IterationsVariable = "TELEMETRY_FUZZ_ITERATIONS";

    [Fact]
    public void Time_boxed_smoke_run_finds_no_oracle_violation()
    {
        // A time budget, not a timing assertion: the run does as many inputs as fit in about three seconds.
        var fuzzer = new NmeaFuzzer(seed: Environment.TickCount);
        var clock = Stopwatch.StartNew();
        fuzzer.Run(_ => clock.Elapsed < TimeSpan.FromSeconds(3));
        Assert.True(fuzzer.Inputs > 100, $"only {fuzzer.Inputs} inputs ran");
        Assert.True(fuzzer.FramesAccepted > 0, "the mutated corpus should still yield valid frames");
        Assert.True(fuzzer.BytesRejected > 0, "random input should be rejected somewhere");
    }

    [Fact]
    public void Long_campaign_when_requested()
    {
        if (!long.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), out var iterations))
        {
            Assert.Skip($"{IterationsVariable} not set: the long fuzz campaign runs only on request (e.g. {IterationsVariable}=1000000).");
        }

        var fuzzer = new NmeaFuzzer(seed: 20261123);
        fuzzer.Run(done => done < iterations);
        Assert.Equal(iterations, fuzzer.Inputs);
    }

    [Fact]
    public void Oracles_catch_a_frame_that_fails_its_checksum()
    {
        // The harness must be able to fail: feed a line whose checksum the framer rejects and check nothing is accepted.
        var fuzzer = new NmeaFuzzer(seed: 1);
        fuzzer.Check("$GPHDT,74.20,T*35\r\n"u8.ToArray());
        Assert.Equal(0, fuzzer.FramesAccepted);
        Assert.Equal(19, fuzzer.BytesRejected);
    }
}
