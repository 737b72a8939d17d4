using System.Security.Cryptography;
using System.Text;
using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt;
using Telemetry.Mqtt.Broker.Auth;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Broker.Tests;

/// <summary>
/// MQTT 5.0 enhanced authentication (§4.12) between our client and our broker, with a real challenge/response: the
/// client sends a nonce in CONNECT, the server challenges with its own nonce in AUTH 0x18, the client proves the shared
/// key with an HMAC over both, and the server proves it back in CONNACK. Wrong answers are refused with a reason.
/// </summary>
public sealed class EnhancedAuthTests
{
    private const string Method = "HMAC-SHA256-CHALLENGE";
    private static readonly byte[] SharedKey = Encoding.UTF8.GetBytes("rig-01 field key");

    [Fact]
    public async Task Challenge_response_admits_a_client_that_knows_the_key()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = new HmacServer(SharedKey);
        await using var host = await BrokerHost.StartAsync(o => o with { EnhancedAuthenticator = server });
        var client = new HmacClient(SharedKey);
        await using var mqtt = new MqttClient(Options(host.Port, client));

        await mqtt.ConnectAsync(ct);

        Assert.Equal(1, server.Accepted);
        Assert.Equal(1, client.ChallengesAnswered);
        Assert.Equal(1, client.ServerProofsChecked);
        Assert.Equal(MqttReasonCode.NoMatchingSubscribers, await mqtt.PublishAsync("auth/ok", "x"u8.ToArray(), MqttQos.AtLeastOnce, cancellationToken: ct));
    }

    [Fact]
    public async Task A_wrong_answer_is_refused_with_not_authorized()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await BrokerHost.StartAsync(o => o with { EnhancedAuthenticator = new HmacServer(SharedKey) });
        await using var mqtt = new MqttClient(Options(host.Port, new HmacClient("a guessed key"u8.ToArray())));

        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => mqtt.ConnectAsync(ct));
        Assert.Equal(MqttReasonCode.NotAuthorized, refused.Reason);
    }

    [Fact]
    public async Task An_unknown_method_is_refused_with_bad_authentication_method()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await BrokerHost.StartAsync(o => o with { EnhancedAuthenticator = new HmacServer(SharedKey) });
        await using var mqtt = new MqttClient(Options(host.Port, new HmacClient(SharedKey) { MethodName = "SCRAM-SHA-512" }));

        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => mqtt.ConnectAsync(ct));
        Assert.Equal(MqttReasonCode.BadAuthenticationMethod, refused.Reason);
    }

    [Fact]
    public async Task A_server_that_cannot_prove_the_key_is_rejected_by_the_client()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await BrokerHost.StartAsync(o => o with { EnhancedAuthenticator = new HmacServer(SharedKey) { ForgeProof = true } });
        await using var mqtt = new MqttClient(Options(host.Port, new HmacClient(SharedKey)));

        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => mqtt.ConnectAsync(ct));
        Assert.Equal(MqttReasonCode.NotAuthorized, refused.Reason);
        Assert.Contains("prove", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reauthentication_runs_the_exchange_again_and_a_failed_one_ends_the_connection()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = new HmacServer(SharedKey);
        await using var host = await BrokerHost.StartAsync(o => o with { EnhancedAuthenticator = server });
        var client = new HmacClient(SharedKey);
        var disconnected = new TaskCompletionSource<MqttDisconnectInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var mqtt = new MqttClient(Options(host.Port, client) with { ReconnectMinDelay = TimeSpan.FromMinutes(5) });
        mqtt.Disconnected += info => disconnected.TrySetResult(info);
        await mqtt.ConnectAsync(ct);

        await mqtt.ReauthenticateAsync(ct);
        Assert.Equal(2, server.Accepted);
        Assert.Equal(2, client.ChallengesAnswered);
        Assert.True(mqtt.IsConnected);

        // The key was rotated on the server only: the next re-authentication fails and the server drops the link.
        client.Key = "an old key"u8.ToArray();
        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => mqtt.ReauthenticateAsync(ct));
        Assert.Equal(MqttReasonCode.NotAuthorized, refused.Reason);
        var info = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(MqttReasonCode.NotAuthorized, info.Reason);
        Assert.True(info.ByServer);
    }

    private static MqttClientOptions Options(int port, HmacClient authenticator) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        ClientId = "rig01",
        Authenticator = authenticator,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    private static byte[] Mac(byte[] key, string label, byte[] first, byte[] second)
    {
        byte[] message = [.. Encoding.ASCII.GetBytes(label), .. first, .. second];
        return HMACSHA256.HashData(key, message);
    }

    private sealed class HmacClient(byte[] key) : IMqttAuthenticator
    {
        private byte[] _clientNonce = [];
        private byte[] _serverNonce = [];

        public string MethodName { get; init; } = EnhancedAuthTests.Method;

        public byte[] Key { get; set; } = key;

        public int ChallengesAnswered { get; private set; }

        public int ServerProofsChecked { get; private set; }

        public string Method => MethodName;

        public byte[]? Begin()
        {
            _clientNonce = RandomNumberGenerator.GetBytes(16);
            return _clientNonce;
        }

        public byte[] Respond(ReadOnlySpan<byte> challenge)
        {
            ChallengesAnswered++;
            _serverNonce = challenge.ToArray();
            return Mac(Key, "client", _serverNonce, _clientNonce);
        }

        public bool Complete(ReadOnlySpan<byte> serverData)
        {
            ServerProofsChecked++;
            return CryptographicOperations.FixedTimeEquals(serverData, Mac(Key, "server", _clientNonce, _serverNonce));
        }
    }

    private sealed class HmacServer(byte[] key) : IMqttEnhancedAuthenticator
    {
        private int _accepted;

        public bool ForgeProof { get; init; }

        public int Accepted => Volatile.Read(ref _accepted);

        private byte[] Key { get; } = key;

        public string Method => EnhancedAuthTests.Method;

        public IMqttAuthExchange Start(string clientId, string? userName) => new Exchange(this);

        private sealed class Exchange(HmacServer server) : IMqttAuthExchange
        {
            private byte[]? _clientNonce;
            private byte[]? _serverNonce;

            public MqttAuthStep Step(ReadOnlySpan<byte> clientData)
            {
                if (_clientNonce is null)
                {
                    if (clientData.Length != 16)
                    {
                        return MqttAuthStep.Fail();
                    }

                    _clientNonce = clientData.ToArray();
                    _serverNonce = RandomNumberGenerator.GetBytes(16);
                    return MqttAuthStep.Continue(_serverNonce);
                }

                if (!CryptographicOperations.FixedTimeEquals(clientData, Mac(server.Key, "client", _serverNonce!, _clientNonce)))
                {
                    return MqttAuthStep.Fail(MqttReasonCode.NotAuthorized);
                }

                Interlocked.Increment(ref server._accepted);
                var proof = Mac(server.ForgeProof ? "not the key"u8.ToArray() : server.Key, "server", _clientNonce, _serverNonce!);
                return MqttAuthStep.Success(proof);
            }
        }
    }
}
