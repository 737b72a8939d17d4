using System.Net;
using System.Net.Sockets;
using Telemetry.Mqtt.Packets;
using Telemetry.Mqtt.Tests.Codec;

namespace Telemetry.Mqtt.Tests.Client;

/// <summary>
/// A scripted fake server accepts the CONNECT, answers CONNACK, then sends one bad packet: the client must close
/// with the right reason code (and, in 5.0, say it in a DISCONNECT), never crash.
/// </summary>
public sealed class HostileServerTests
{
    public static TheoryData<string, string, MqttReasonCode> BadPackets() => new()
    {
        // PUBLISH whose topic is not UTF-8.
        { "invalid-utf8", "30 04 00 02 C3 28", MqttReasonCode.MalformedPacket },
        // Remaining length needing a fifth byte.
        { "bad-remaining-length", "30 FF FF FF FF 01", MqttReasonCode.MalformedPacket },
        // PUBACK with a reserved flag bit set.
        { "reserved-flags", "41 02 00 01", MqttReasonCode.MalformedPacket },
        // String length running past the packet.
        { "overlong-string", "30 05 00 0A 61 2F 62", MqttReasonCode.MalformedPacket },
        // A server may not send SUBSCRIBE.
        { "subscribe-from-server", "82 08 00 02 00 03 61 2F 2B 01", MqttReasonCode.ProtocolError },
        // Larger than the client's maximum packet size (set to 64 below).
        { "too-large", "30 7F 00 01 61" + string.Concat(Enumerable.Repeat(" 00", 124)), MqttReasonCode.PacketTooLarge },
        // Topic alias above the client's Topic Alias Maximum (64).
        { "alias-too-high", "30 08 00 00 03 23 00 FF 68 69", MqttReasonCode.TopicAliasInvalid },
        // Topic alias 0 is never valid (§3.3.2.3.4): 0x94 as well, not a generic protocol error.
        { "alias-zero", "30 08 00 00 03 23 00 00 68 69", MqttReasonCode.TopicAliasInvalid },
        // Alias 65 is one past the client's maximum of 64, with a topic (setting it is just as illegal).
        { "alias-one-past-maximum", "30 0B 00 03 61 2F 62 03 23 00 41 68 69", MqttReasonCode.TopicAliasInvalid },
    };

    [Theory]
    [MemberData(nameof(BadPackets))]
    public async Task Bad_packet_from_server_closes_with_its_reason(string name, string hex, MqttReasonCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serverSaw = ServeOnceAsync(listener, CodecVectors.Hex(hex), ct);

        var disconnected = new TaskCompletionSource<MqttDisconnectInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = "victim",
            MaxIncomingPacketSize = 64,
            ReconnectMinDelay = TimeSpan.FromMinutes(1),
        });
        client.Disconnected += info => disconnected.TrySetResult(info);
        await client.ConnectAsync(ct);
        var info = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.True(expected == info.Reason, $"{name}: {info}");
        Assert.False(info.ByServer);
        // 5.0: the client told the server why (DISCONNECT with the reason code), best effort before closing.
        var tail = await serverSaw.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.True(tail.Length == 0 || (tail[0] == 0xE0 && tail[^1] == (byte)expected), $"{name}: server received {Convert.ToHexString(tail)}");
    }

    // Reads CONNECT, sends CONNACK (5.0, success, no properties), sends the bad bytes, returns what came back.
    private static async Task<byte[]> ServeOnceAsync(TcpListener listener, byte[] bad, CancellationToken ct)
    {
        using var socket = await listener.AcceptSocketAsync(ct);
        var buffer = new byte[4096];
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
        Assert.True(n > 0 && buffer[0] == 0x10, "expected CONNECT");
        await socket.SendAsync(CodecVectors.Hex("20 03 00 00 00"), SocketFlags.None, ct);
        await socket.SendAsync(bad, SocketFlags.None, ct);
        using var received = new MemoryStream();
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct)) > 0)
        {
            received.Write(buffer, 0, n);
        }

        return received.ToArray();
    }
}
