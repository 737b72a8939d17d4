using Telemetry.Mqtt.Packets;
using Telemetry.TestKit;

namespace Telemetry.Mqtt.Tests.Client;

/// <summary>
/// mosquitto 2.0 has no built-in enhanced authentication method: a CONNECT naming one must come back as CONNACK 0x8C
/// (Bad authentication method), surfaced by ConnectAsync. The full challenge/response runs against our broker
/// (Telemetry.Broker.Tests EnhancedAuthTests).
/// </summary>
public sealed class EnhancedAuthMosquittoTests
{
    [Fact]
    public async Task Mosquitto_refuses_an_unsupported_method_with_0x8C()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync();
        var authenticator = new OneShot();
        await using var client = new MqttClient(MosquittoClientTests.Options(broker.Port, MqttProtocolVersion.V500, "eauth") with
        {
            Authenticator = authenticator,
        });

        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(ct));
        Assert.Equal(MqttReasonCode.BadAuthenticationMethod, refused.Reason);
        Assert.Equal(1, authenticator.Begun);
    }

    private sealed class OneShot : IMqttAuthenticator
    {
        public int Begun { get; private set; }

        public string Method => "SCRAM-SHA-256";

        public byte[]? Begin()
        {
            Begun++;
            return "n,,n=rig01,r=abc"u8.ToArray();
        }

        public byte[] Respond(ReadOnlySpan<byte> challenge) => throw new InvalidOperationException("mosquitto never challenges");

        public bool Complete(ReadOnlySpan<byte> serverData) => false;
    }
}
