using System.Text;
using System.Text.Json;

namespace Telemetry.Gateway.Tests.EndToEnd;

/// <summary>The README's first command, run as a user would: the real executable, its summary JSON checked.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public Task Telemetry_demo_loses_nothing_and_places_every_detection_within_its_stated_accuracy()
        => AssertDemoLosesNothingAsync(ChildProcess.DotnetHost, [ChildProcess.TelemetryDll]);

    /// <summary>
    /// Runs <c>demo</c> with an executable (<paramref name="fileName"/> + <paramref name="prefix"/>: the dotnet host and
    /// telemetry.dll, or the native build) and checks what it says of itself: nothing lost, duplicated or reordered,
    /// every detection within its stated accuracy, truth and received detections kept in --out.
    /// </summary>
    internal static async Task AssertDemoLosesNothingAsync(string fileName, string[] prefix)
    {
        using var dir = new TempDirectory();
        var summaryPath = dir.Sub("summary.json");
        var ct = TestContext.Current.CancellationToken;
        var run = await ChildProcess.RunAsync(
            fileName,
            [.. prefix, "demo", "--duration", "20", "--speed", "5", "--broker-port", "0", "--out", dir.Sub("out"), "--summary", summaryPath],
            stdinFile: null,
            TimeSpan.FromMinutes(3),
            ct);
        var log = Encoding.UTF8.GetString(run.Stdout) + run.Stderr;
        Assert.True(run.ExitCode == 0, log);

        using var summary = JsonDocument.Parse(await File.ReadAllBytesAsync(summaryPath, ct));
        var root = summary.RootElement;
        var simulated = root.GetProperty("simulated").GetInt32();
        Assert.True(simulated > 0, "the default scenario must produce detections within 100 simulated seconds: " + log);
        Assert.Equal(0, root.GetProperty("lost").GetInt32());
        Assert.Equal(0, root.GetProperty("duplicates").GetInt64());
        Assert.Equal(0, root.GetProperty("outOfOrder").GetInt64());
        Assert.Equal(root.GetProperty("stored").GetInt64(), root.GetProperty("received").GetInt32());
        Assert.Equal(simulated, root.GetProperty("withinStatedAccuracy").GetInt32());
        Assert.True(File.Exists(Path.Combine(dir.Sub("out"), "truth.geojson")), "ground truth must be kept in --out");
        Assert.True(File.Exists(Path.Combine(dir.Sub("out"), "detections.jsonl")), "received detections must be kept in --out");
    }

    [Fact]
    public void Per_kind_error_range_is_a_dash_when_nothing_of_the_kind_arrived()
    {
        Assert.Equal("-", Cli.DemoCommand.ErrorRange([]));
        Assert.Equal("0.250 / 1.500 m", Cli.DemoCommand.ErrorRange([0.1, 0.25, 0.3, 1.5]));
    }
}
