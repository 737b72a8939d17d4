using Telemetry.Mqtt.Packets;
using Telemetry.TestKit;

namespace Telemetry.Mqtt.Tests.Client;

/// <summary>TLS with a private CA and client certificates, a password file and an ACL, against real mosquitto.</summary>
public sealed class SecurityTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Tls_with_private_ca_and_client_certificate_round_trips(MqttProtocolVersion version)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync(new MosquittoConfig { Tls = true, RequireClientCertificate = true });
        var tls = new MqttTlsOptions
        {
            TargetHost = "localhost",
            TrustedRoots = [broker.CaCertificate!],
            ClientCertificate = broker.ClientCertificate,
        };
        using var receiver = new Receiver();
        await using var client = new MqttClient(MosquittoClientTests.Options(broker.TlsPort, version, "tls", receiver) with { Tls = tls });
        await client.ConnectAsync(ct);
        await client.SubscribeAsync([new MqttSubscriptionRequest("t/#", MqttQos.AtLeastOnce)], ct);
        Assert.Equal(MqttReasonCode.Success, await client.PublishAsync("t/1", "secret"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: ct));
        Assert.True(await receiver.WaitForCountAsync(1, Wait));
        Assert.Equal("secret", receiver.Messages.Single().Payload);
    }

    [Fact]
    public async Task Tls_refuses_a_server_not_signed_by_the_trusted_ca()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync(new MosquittoConfig { Tls = true });
        // No custom roots: the system store does not know the test CA.
        await using var client = new MqttClient(MosquittoClientTests.Options(broker.TlsPort, MqttProtocolVersion.V500, "x")
            with { Tls = new MqttTlsOptions { TargetHost = "localhost" } });
        var e = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(ct));
        Assert.IsType<System.Security.Authentication.AuthenticationException>(e.InnerException);
    }

    [Fact]
    public async Task Tls_refuses_a_certificate_for_another_name()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync(new MosquittoConfig { Tls = true });
        await using var client = new MqttClient(MosquittoClientTests.Options(broker.TlsPort, MqttProtocolVersion.V500, "x")
            with { Tls = new MqttTlsOptions { TargetHost = "not-the-broker.example", TrustedRoots = [broker.CaCertificate!] } });
        await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(ct));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, MqttReasonCode.NotAuthorized)]
    // mosquitto 2.0.11 answers a bad password with 0x87 Not authorized in 5.0 too (not 0x86): we surface what it sent.
    [InlineData(MqttProtocolVersion.V500, MqttReasonCode.NotAuthorized)]
    public async Task Wrong_password_is_refused_with_the_server_reason(MqttProtocolVersion version, MqttReasonCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync(new MosquittoConfig { Users = [("rig", "s3cret")] });
        await using var client = new MqttClient(MosquittoClientTests.Options(broker.Port, version, "bad") with { UserName = "rig", Password = "wrong" });
        var e = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(ct));
        Assert.Equal(expected, e.Reason);
    }

    [Fact]
    public async Task Acl_allows_own_topics_and_refuses_others_with_not_authorized()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync(new MosquittoConfig
        {
            Users = [("rig", "s3cret"), ("ops", "0ps")],
            AclLines = ["user rig", "topic write dm/gw01/#", "user ops", "topic read dm/#"],
        });
        using var receiver = new Receiver();
        await using var ops = new MqttClient(MosquittoClientTests.Options(broker.Port, MqttProtocolVersion.V500, "ops", receiver)
            with { UserName = "ops", Password = "0ps" });
        await ops.ConnectAsync(ct);
        await ops.SubscribeAsync([new MqttSubscriptionRequest("dm/#", MqttQos.AtLeastOnce)], ct);

        await using var rig = new MqttClient(MosquittoClientTests.Options(broker.Port, MqttProtocolVersion.V500, "rig")
            with { UserName = "rig", Password = "s3cret" });
        await rig.ConnectAsync(ct);
        Assert.False(MqttReasonCodes.IsError(await rig.PublishAsync("dm/gw01/det", "ok"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: ct)));
        Assert.Equal(MqttReasonCode.NotAuthorized, await rig.PublishAsync("dm/gw02/det", "no"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: ct));
        Assert.True(await receiver.WaitForCountAsync(1, Wait));
        Assert.Equal(["dm/gw01/det"], receiver.Messages.Select(m => m.Topic));
    }

    [Fact]
    public async Task Last_will_is_published_after_the_link_dies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync();
        await using var proxy = new FaultProxy(broker.Port);
        using var receiver = new Receiver();
        await using var watcher = new MqttClient(MosquittoClientTests.Options(broker.Port, MqttProtocolVersion.V500, "watch", receiver));
        await watcher.ConnectAsync(ct);
        await watcher.SubscribeAsync([new MqttSubscriptionRequest("status/#", MqttQos.AtLeastOnce)], ct);

        await using var rig = new MqttClient(MosquittoClientTests.Options(proxy.Port, MqttProtocolVersion.V500, "rig-will") with
        {
            Will = new MqttWill { Topic = "status/rig", Payload = "offline"u8.ToArray(), Qos = MqttQos.AtLeastOnce, DelayInterval = 1 },
            SessionExpiryInterval = 5,
            ConnectTimeout = TimeSpan.FromSeconds(3),
        });
        await rig.ConnectAsync(ct);
        // Kill the link and keep it dead (reconnects are black-holed), so the session cannot resume within the delay.
        proxy.GoHalfOpen();
        proxy.DropAll();
        Assert.True(await receiver.WaitForCountAsync(1, Wait), "the will never came");
        Assert.Equal(("status/rig", "offline"), (receiver.Messages.Single().Topic, receiver.Messages.Single().Payload));
    }
}
