using System.Net;
using System.Net.Sockets;
using Telemetry.Mqtt.Packets;
using Telemetry.Mqtt.Tests.Codec;

namespace Telemetry.Mqtt.Tests.Client;

/// <summary>
/// MQTTnet #1312: a client that only sends (QoS 0) never notices a dead link because its own traffic resets the
/// keep-alive. Ours times keep-alive on what it receives: it must ping and give up even while publishing.
/// </summary>
public sealed class KeepAliveTests
{
    [Fact]
    public async Task Silent_server_is_detected_while_publishing_qos0()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var sawPing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = SilentServerAsync(listener, sawPing, ct);

        var dead = new TaskCompletionSource<MqttDisconnectInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = "talker",
            KeepAlive = TimeSpan.FromSeconds(1),
            PingTimeout = TimeSpan.FromMilliseconds(500),
            ReconnectMinDelay = TimeSpan.FromMinutes(1),
        });
        client.Disconnected += info => dead.TrySetResult(info);
        await client.ConnectAsync(ct);
        var topic = new MqttTopicName("chatter");
        while (!dead.Task.IsCompleted)
        {
            // Keep sending: a send-driven keep-alive would never fire.
            await client.PublishAsync(topic, "x"u8.ToArray(), MqttQos.AtMostOnce, cancellationToken: ct);
            await Task.WhenAny(dead.Task, Task.Delay(50, ct));
            Assert.False(ct.IsCancellationRequested);
            if (!dead.Task.IsCompleted && server.IsCompleted)
            {
                await server;
            }
        }

        var info = await dead.Task;
        Assert.Equal(MqttReasonCode.KeepAliveTimeout, info.Reason);
        Assert.True(sawPing.Task.IsCompleted, "the client never sent PINGREQ");
    }

    // Accepts, answers CONNACK, then reads forever and answers nothing (not even PINGRESP), never closing.
    private static async Task SilentServerAsync(TcpListener listener, TaskCompletionSource sawPing, CancellationToken ct)
    {
        using var socket = await listener.AcceptSocketAsync(ct);
        var buffer = new byte[4096];
        await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
        await socket.SendAsync(CodecVectors.Hex("20 03 00 00 00"), SocketFlags.None, ct);
        var previous = (byte)0xFF;
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct)) > 0)
        {
            for (var i = 0; i < n; i++)
            {
                // PINGREQ is C0 00; PUBLISH "chatter"/"x" never contains C0.
                if (previous == 0xC0 && buffer[i] == 0x00)
                {
                    sawPing.TrySetResult();
                }

                previous = buffer[i];
            }
        }
    }
}
