using Telemetry.Mqtt.Broker;
using Telemetry.Mqtt.Broker.Auth;

namespace Telemetry.Broker.Tests;

public sealed class AclFileTests
{
    // The shape of mosquitto's own aclfile.example: anonymous rules first, then user blocks, patterns anywhere.
    private static readonly string[] Example =
    [
        "# anonymous clients",
        "topic read public/#",
        "",
        "user rig01",
        "topic readwrite dm/rig01/#",
        "topic deny dm/rig01/secret",
        "topic read $SYS/#",
        "",
        "user ops",
        "topic read dm/+/det",
        "topic write cmd/#",
        "topic dm/ops",
        "",
        "pattern write dm/%u/status",
        "pattern read clients/%c/inbox",
    ];

    private static readonly AclFile Acl = AclFile.Parse(Example, "test.acl");

    [Theory]
    // anonymous block
    [InlineData(null, "anon", "public/news", true, false)]
    [InlineData(null, "anon", "dm/rig01/det", false, false)]
    // user block, wildcard grants, deny wins over a wider grant
    [InlineData("rig01", "c1", "dm/rig01/det", true, true)]
    [InlineData("rig01", "c1", "dm/rig01/secret", false, false)]
    [InlineData("rig01", "c1", "dm/rig02/det", false, false)]
    [InlineData("rig01", "c1", "public/news", false, false)] // named users do not get the anonymous block
    [InlineData("rig01", "c1", "$SYS/broker/uptime", true, false)]
    [InlineData("ops", "c2", "dm/rig07/det", true, false)]
    [InlineData("ops", "c2", "cmd/rig07/stop", false, true)]
    [InlineData("ops", "c2", "dm/ops", true, true)] // access word omitted = readwrite
    // patterns apply to everyone, %u / %c substituted per client
    [InlineData("ops", "c2", "dm/ops/status", false, true)]
    [InlineData("rig01", "c1", "dm/ops/status", true, true)] // rig01's own dm/rig01/# does not cover dm/ops/status...
    [InlineData("ops", "c2", "clients/c2/inbox", true, false)]
    [InlineData("ops", "c2", "clients/c3/inbox", false, false)]
    [InlineData("stranger", "c9", "dm/stranger/status", false, true)]
    [InlineData(null, "c9", "dm//status", false, false)] // %u with no username never matches
    public void Read_and_write_follow_mosquitto_rules(string? user, string clientId, string topic, bool read, bool write)
    {
        if (user == "rig01" && topic == "dm/ops/status")
        {
            // ...and the pattern grants write only for the client's own username, so rig01 may do neither.
            read = false;
            write = false;
        }

        Assert.Equal(read, Acl.CanRead(clientId, user, topic));
        Assert.Equal(write, Acl.CanWrite(clientId, user, topic));
    }

    [Theory]
    [InlineData("rig01", "dm/rig01/#", false)] // overlaps the denied dm/rig01/secret
    [InlineData("rig01", "dm/rig01/+/x", true)]
    [InlineData("rig01", "dm/rig01/det", true)]
    [InlineData("rig01", "dm/#", false)] // wider than the grant
    [InlineData("rig01", "#", false)]
    [InlineData("ops", "dm/+/det", true)]
    [InlineData("ops", "dm/rig3/det", true)]
    [InlineData("ops", "dm/+/+", false)]
    [InlineData("ops", "cmd/#", false)] // write-only grant does not allow subscribing
    [InlineData("ops", "clients/c2/inbox", true)]
    [InlineData("ops", "clients/+/inbox", false)]
    [InlineData(null, "public/#", true)]
    [InlineData(null, "#", false)]
    public void Subscriptions_need_a_read_grant_covering_the_whole_filter(string? user, string filter, bool allowed)
    {
        Assert.Equal(allowed, Acl.CanSubscribe("c2", user, filter));
    }

    [Fact]
    public void Substituted_names_with_wildcards_or_slashes_do_not_widen_a_pattern()
    {
        var acl = AclFile.Parse(["pattern readwrite dm/%c/#"], "mem");
        Assert.True(acl.CanWrite("rig01", null, "dm/rig01/det"));
        Assert.False(acl.CanWrite("+", null, "dm/rig01/det"));
        Assert.False(acl.CanWrite("#", null, "dm/rig01/det"));
        Assert.False(acl.CanWrite("a/b", null, "dm/a/b/det"));
    }

    [Theory]
    [InlineData("topic", "not a valid topic filter")]
    [InlineData("topic read a/#/b", "not a valid topic filter")]
    [InlineData("user", "needs a username")]
    [InlineData("subscribe read a", "unknown keyword")]
    public void Bad_lines_name_the_file_line_and_fix(string line, string expected)
    {
        var error = Assert.Throws<BrokerConfigException>(() => AclFile.Parse(["topic read a", line], "site.acl"));
        Assert.Contains("site.acl", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
