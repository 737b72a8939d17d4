using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Broker.Tests;

/// <summary>
/// The same password_file (written by mosquitto_passwd) and acl_file as mosquitto: bad credentials are refused at
/// CONNECT, forbidden subscriptions get SUBACK 0x80 (3.1.1) / 0x87 (5.0), forbidden publishes are not routed.
/// </summary>
public sealed class AclRefusalTests
{
    private static async Task<BrokerHost> StartSecuredAsync()
    {
        ExternalTool.Require(ExternalTool.MosquittoPasswd, "the password file must be the one mosquitto_passwd writes");
        var dir = new TempDir();
        var pw = dir.File("passwd");
        Assert.Equal(0, (await ExternalTool.RunAsync(ExternalTool.MosquittoPasswd, ["-c", "-b", pw, "rig01", "rigpass"], TimeSpan.FromSeconds(20))).ExitCode);
        Assert.Equal(0, (await ExternalTool.RunAsync(ExternalTool.MosquittoPasswd, ["-b", pw, "ops", "opspass"], TimeSpan.FromSeconds(20))).ExitCode);
        var acl = dir.File("acl");
        await File.WriteAllLinesAsync(acl, ["user rig01", "topic write dm/rig01/#", "user ops", "topic read dm/#", "pattern read ops/%u/#"]);
        return await BrokerHost.StartAsync(o => o with { PasswordFile = pw, AclFile = acl }, dir);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, (byte)0x80)]
    [InlineData(MqttProtocolVersion.V500, (byte)0x87)]
    public async Task A_subscription_outside_the_acl_is_refused_in_suback(MqttProtocolVersion version, byte refused)
    {
        await using var host = await StartSecuredAsync();
        using var dir = host.Dir;
        var (rig, reason, _, _) = await RawClient.ConnectAsync(host.Port, "rig01-c", version, user: "rig01", password: "rigpass");
        await using var _r = rig;
        Assert.Equal(MqttReasonCode.Success, reason);

        await rig.SubscribeAsync(5, "dm/#", MqttQos.AtLeastOnce); // rig01 may only write
        var subAck = await rig.ReceiveAsync();

        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeSubAck(subAck, version, out var ack));
        Assert.Equal(5, ack.PacketId);
        Assert.Equal([refused], ack.ReasonCodes.ToArray());
        Assert.Equal(0, host.Broker.SubscriptionCount);

        var (ops, _, _, _) = await RawClient.ConnectAsync(host.Port, "ops-c", version, user: "ops", password: "opspass");
        await using var _o = ops;
        await ops.SubscribeAsync(6, "dm/+/det", MqttQos.AtLeastOnce);
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeSubAck(await ops.ReceiveAsync(), version, out var granted));
        Assert.Equal([(byte)1], granted.ReasonCodes.ToArray());
    }

    [Theory]
    [MemberData(nameof(Mosquitto.Versions), MemberType = typeof(Mosquitto))]
    public async Task A_forbidden_publish_is_not_delivered_and_a_permitted_one_is(string version)
    {
        Mosquitto.RequireClients();
        await using var host = await StartSecuredAsync();
        using var dir = host.Dir;
        using var sub = await Mosquitto.StartSubscriberAsync(host.Port, version, () => host.Broker.SubscriptionCount == 1, "-u", "ops", "-P", "opspass", "-t", "dm/#", "-F", "%t %p");

        await Mosquitto.PubAsync(host.Port, version, "-u", "rig01", "-P", "rigpass", "-t", "dm/rig02/det", "-m", "forged", "-q", "1");
        await Mosquitto.PubAsync(host.Port, version, "-u", "rig01", "-P", "rigpass", "-t", "dm/rig01/det", "-m", "genuine", "-q", "1");

        await sub.WaitForLinesAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal(["dm/rig01/det genuine"], sub.Lines);
    }

    [Fact]
    public async Task Mqtt5_publish_refusal_is_reported_as_puback_0x87()
    {
        await using var host = await StartSecuredAsync();
        using var dir = host.Dir;
        var (rig, _, _, _) = await RawClient.ConnectAsync(host.Port, "rig01-c", user: "rig01", password: "rigpass");
        await using var _r = rig;
        await rig.PublishAsync("dm/rig02/det", "forged", MqttQos.AtLeastOnce, 3);
        Qos2FlowTests.AssertAck(await rig.ReceiveAsync(), MqttProtocolVersion.V500, MqttPacketType.PubAck, 3, MqttReasonCode.NotAuthorized);
    }

    [Theory]
    [MemberData(nameof(Mosquitto.Versions), MemberType = typeof(Mosquitto))]
    public async Task Bad_password_and_anonymous_clients_are_refused_at_connect(string version)
    {
        Mosquitto.RequireClients();
        await using var host = await StartSecuredAsync();
        using var dir = host.Dir;

        var bad = await Mosquitto.PubAsync(host.Port, version, "-u", "rig01", "-P", "wrong", "-t", "dm/rig01/x", "-m", "x");
        var anonymous = await Mosquitto.PubAsync(host.Port, version, "-t", "dm/rig01/x", "-m", "x");

        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("bad user name or password", bad.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.Contains("not authori", anonymous.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, host.Broker.Statistics.ConnectionsRefused);
    }
}
