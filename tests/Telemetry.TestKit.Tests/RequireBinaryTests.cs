using Xunit.Sdk;

namespace Telemetry.TestKit.Tests;

public sealed class RequireBinaryTests
{
    private const string Missing = "/nonexistent-telemetry-dir/mosquitto";

    [Fact]
    public void A_missing_binary_is_reported_with_the_reason_and_the_fix()
    {
        // Outside CI this text becomes the skip reason (Assert.Skip cannot be observed from inside a test).
        Assert.Equal($"{Missing} not installed: apt-get install mosquitto", ServerBinary.Problem(Missing, "apt-get install mosquitto"));
    }

    [Fact]
    public void A_missing_binary_fails_under_CI()
    {
        var ex = Assert.Throws<FailException>(() => ServerBinary.Require(Missing, "apt-get install mosquitto", isCi: true));
        Assert.Contains("CI=true: real-server tests must run", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_present_binary_is_returned()
    {
        var self = Environment.ProcessPath!;
        Assert.Null(ServerBinary.Problem(self, "self"));
        Assert.Equal(self, ServerBinary.Require(self, "self", isCi: true));
    }
}
