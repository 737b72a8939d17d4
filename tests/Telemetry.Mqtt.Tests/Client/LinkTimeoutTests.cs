using System.Net;
using System.Net.Sockets;
using Telemetry.Mqtt.Packets;
using Telemetry.TestKit;

namespace Telemetry.Mqtt.Tests.Client;

/// <summary>
/// TCP_USER_TIMEOUT (Linux, tcp(7)): the kernel drops a link whose sent data stays unacknowledged, so a dead peer is
/// found even with the keep-alive off, and a send stuck behind a full window does not hang for the ~15 minutes of
/// default retransmissions.
/// </summary>
public sealed class LinkTimeoutTests
{
    private const int IpProtoTcp = 6;
    private const int TcpUserTimeout = 18;

    [Theory]
    [InlineData(null, 15_000)] // default: keep-alive (10 s) × 1.5
    [InlineData(2_500, 2_500)]
    public async Task Tcp_user_timeout_is_set_on_the_socket(int? configuredMs, int expectedMs)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("TCP_USER_TIMEOUT is a Linux socket option");
        }

        var ct = TestContext.Current.CancellationToken;
        await using var broker = await MosquittoServer.StartAsync();
        await using var client = new MqttClient(MosquittoClientTests.Options(broker.Port, MqttProtocolVersion.V500, "uto") with
        {
            TcpUserTimeout = configuredMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        });
        await client.ConnectAsync(ct);

        var value = new byte[4];
        var length = client.CurrentSocket!.GetRawSocketOption(IpProtoTcp, TcpUserTimeout, value);
        Assert.Equal(4, length);
        Assert.Equal(expectedMs, BitConverter.ToInt32(value));
    }

    [Fact]
    public async Task A_frozen_peer_is_dropped_by_the_kernel_with_keep_alive_off()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("TCP_USER_TIMEOUT is a Linux socket option");
        }

        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var frozen = new CancellationTokenSource();
        var peer = FrozenPeerAsync(listener, frozen.Token);

        var dropped = new TaskCompletionSource<MqttDisconnectInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = "frozen",
            // No keep-alive: only the kernel can notice the dead peer.
            KeepAlive = TimeSpan.Zero,
            TcpUserTimeout = TimeSpan.FromSeconds(1),
            ReconnectMinDelay = TimeSpan.FromMinutes(5),
        });
        client.Disconnected += info => dropped.TrySetResult(info);
        await client.ConnectAsync(ct);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var payload = new byte[64 * 1024];
        var topic = new MqttTopicName("frozen/bulk");
        var filler = Task.Run(
            async () =>
            {
                while (!dropped.Task.IsCompleted)
                {
                    await client.PublishAsync(topic, payload, MqttQos.AtMostOnce, cancellationToken: stop.Token);
                }
            },
            stop.Token);

        var info = await dropped.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        // The peer never closed, never sent and the keep-alive is off: only the kernel's timeout can have ended the link.
        Assert.False(peer.IsCompleted, "the frozen peer must still be holding its socket");
        await stop.CancelAsync();
        await frozen.CancelAsync();
        try
        {
            await filler.WaitAsync(TimeSpan.FromSeconds(10), ct);
            await peer.WaitAsync(TimeSpan.FromSeconds(10), ct);
        }
        catch (OperationCanceledException)
        {
            // The filler waits for a reconnect the test never allows, the peer for its release: cancelling is the way out.
        }

        Assert.NotEqual(MqttReasonCode.KeepAliveTimeout, info.Reason);
        Assert.False(info.ByServer);
        Assert.False(client.IsConnected);
    }

    // Answers CONNECT with CONNACK, then never reads again and never closes: a host that froze with its TCP state.
    private static async Task FrozenPeerAsync(TcpListener listener, CancellationToken ct)
    {
        using var socket = await listener.AcceptSocketAsync(ct);
        var buffer = new byte[4096];
        await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
        await socket.SendAsync(Codec.CodecVectors.Hex("20 03 00 00 00"), SocketFlags.None, ct);
        await Task.Delay(Timeout.Infinite, ct);
    }
}
