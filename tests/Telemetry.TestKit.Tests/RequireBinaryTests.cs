using Telemetry.TestKit.Servers;
using Xunit.Sdk;

namespace Telemetry.TestKit.Tests;

public sealed class RequireBinaryTests
{
    private static readonly string[] Nowhere = ["/nonexistent-telemetry-dir"];

    [Fact]
    public void A_missing_binary_is_reported_with_the_reason_and_the_fix()
    {
        // Outside CI this reason becomes the skip message (Assert.Skip cannot be observed from inside a test).
        var (path, problem) = RealServer.FindBinary("mosquitto", "broker tests", Nowhere);
        Assert.Null(path);
        Assert.Equal("mosquitto is not installed (broker tests); .ci/run installs it with apt-get.", problem);
    }

    [Fact]
    public void A_missing_binary_fails_under_CI()
    {
        var ex = Assert.Throws<FailException>(() => RealServer.RequireBinary("influxd", "store tests", Nowhere, isCi: true));
        Assert.Contains("CI=true and influxd is not installed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_present_binary_is_found_by_full_path()
    {
        var dir = Path.GetDirectoryName(Environment.ProcessPath)!;
        var name = Path.GetFileName(Environment.ProcessPath)!;
        Assert.Equal(Path.Combine(dir, name), RealServer.RequireBinary(name, "self", [dir], isCi: true));
    }
}
