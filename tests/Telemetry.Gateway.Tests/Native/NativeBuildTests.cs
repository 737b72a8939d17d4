using System.Text;
using Telemetry.TestKit;

namespace Telemetry.Gateway.Tests.Native;

/// <summary>
/// The native (ahead-of-time compiled) build must behave exactly like the framework-dependent one: same simulator
/// bytes, same decode output and summary for every protocol, same errors, and the demo end to end. .ci/run publishes
/// it and sets TELEMETRY_NATIVE_EXE; elsewhere these tests skip, except under CI=true where they must run.
/// </summary>
public sealed class NativeBuildTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Simulator_and_decode_give_the_same_bytes_as_the_framework_build()
    {
        var native = NativeExecutable();
        using var dir = new TempDirectory();
        string[] sim = ["sim", "run", "--max", "--seed", "11", "--duration", "240"];
        var frameworkRun = await RunFrameworkAsync([.. sim, "--out", dir.Sub("framework")]);
        var nativeRun = await RunAsync(native, [.. sim, "--out", dir.Sub("native")]);
        Assert.True(frameworkRun.ExitCode == 0, frameworkRun.Stderr);
        Assert.True(nativeRun.ExitCode == 0, nativeRun.Stderr);

        var captures = Directory.GetFiles(dir.Sub("framework")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(captures, Directory.GetFiles(dir.Sub("native")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in captures)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(dir.Sub("framework"), name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir.Sub("native"), name!))),
                $"{name} differs between the builds");
        }

        // Every capture kind (NMEA GNSS, detector, SLCAN, MAVLink, all with the simulator's line noise), plus the GNSS
        // captures joined into one file larger than a decode chunk, so the parallel chunked path runs too.
        var cap = captures.Where(n => n!.EndsWith(".cap", StringComparison.Ordinal)).Select(n => Path.Combine(dir.Sub("framework"), n!)).ToList();
        Assert.Contains(cap, c => c.EndsWith("-mavlink.cap", StringComparison.Ordinal));
        Assert.Contains(cap, c => c.EndsWith("-can.cap", StringComparison.Ordinal));
        var joined = dir.Sub("gnss-joined.nmea");
        await using (var output = File.Create(joined))
        {
            foreach (var gnss in cap.Where(c => c.EndsWith("-gnss.cap", StringComparison.Ordinal)))
            {
                await using var input = File.OpenRead(gnss);
                await input.CopyToAsync(output, TestContext.Current.CancellationToken);
            }
        }

        Assert.True(new FileInfo(joined).Length > 2 * Cli.Decode.ChunkedDecodeRunner.DefaultChunkSize, "the joined capture must span several chunks");
        foreach (var file in cap)
        {
            await AssertSameDecodeAsync(native, ["decode", "--raw", file]);
        }

        await AssertSameDecodeAsync(native, ["decode", "--protocol", "nmea", joined]);
        await AssertSameDecodeAsync(native, ["decode", "--protocol", "auto", "--raw", "-"], stdinFile: joined);
    }

    [Fact]
    public async Task Errors_are_the_same_as_the_framework_build()
    {
        var native = NativeExecutable();
        using var dir = new TempDirectory();
        var config = dir.Sub("bad.json");
        await File.WriteAllTextAsync(config, """{ "Site": "", "Rig": "rig 1" }""", TestContext.Current.CancellationToken);
        string[][] cases =
        [
            ["gateway", "--config", dir.Sub("missing.json")],
            ["gateway", "--config", config],
            ["decode", "--protocol", "nmea0183", "-"],
            ["no-such-verb"],
        ];
        foreach (var arguments in cases)
        {
            var expected = await RunFrameworkAsync(arguments);
            var actual = await RunAsync(native, arguments);
            var what = string.Join(' ', arguments);
            Assert.True(expected.ExitCode != 0, $"{what}: the framework build accepted it");
            Assert.Equal(expected.ExitCode, actual.ExitCode);
            Assert.Equal(expected.Stderr, actual.Stderr);
            Assert.Equal(Encoding.UTF8.GetString(expected.Stdout), Encoding.UTF8.GetString(actual.Stdout));
        }
    }

    [Fact]
    public Task Demo_loses_nothing() => EndToEnd.DemoCommandTests.AssertDemoLosesNothingAsync(NativeExecutable(), []);

    private static async Task AssertSameDecodeAsync(string native, string[] arguments, string? stdinFile = null)
    {
        var expected = await RunFrameworkAsync(arguments, stdinFile);
        var actual = await RunAsync(native, arguments, stdinFile);
        var what = string.Join(' ', arguments);
        Assert.True(expected.ExitCode == 0, $"{what}: {expected.Stderr}");
        Assert.True(expected.Stdout.Length > 0, $"{what}: no output");
        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.Stderr, actual.Stderr);
        Assert.True(expected.Stdout.AsSpan().SequenceEqual(actual.Stdout), $"{what}: the JSON differs between the builds");
    }

    private static Task<ChildProcess.Outcome> RunFrameworkAsync(string[] arguments, string? stdinFile = null) =>
        RunAsync(ChildProcess.DotnetHost, [ChildProcess.TelemetryDll, .. arguments], stdinFile);

    private static Task<ChildProcess.Outcome> RunAsync(string fileName, string[] arguments, string? stdinFile = null) =>
        ChildProcess.RunAsync(fileName, arguments, stdinFile, Timeout, TestContext.Current.CancellationToken);

    private static string NativeExecutable() => ServerBinary.Require(
        Environment.GetEnvironmentVariable("TELEMETRY_NATIVE_EXE") is { Length: > 0 } path ? path : "the native telemetry build (TELEMETRY_NATIVE_EXE unset)",
        "publish it with `dotnet publish gateway/Telemetry.Gateway -c Release -r linux-x64 -p:PublishAot=true -o artifacts/native` "
        + "(needs gcc and libc6-dev) and set TELEMETRY_NATIVE_EXE=artifacts/native/telemetry; bash .ci/run does both");
}
