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
        await using var broker = await MosquittoServer.StartAsync();
        await using var proxy = new FaultProxy(broker.Port);
        var dropped = new TaskCompletionSource<MqttDisconnectInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = proxy.Port,
            ClientId = "frozen",
            // No keep-alive: only the kernel can notice the dead peer.
            KeepAlive = TimeSpan.Zero,
            TcpUserTimeout = TimeSpan.FromSeconds(1),
            ReconnectMinDelay = TimeSpan.FromMinutes(5),
        });
        client.Disconnected += info => dropped.TrySetResult(info);
        await client.ConnectAsync(ct);

        // The peer stops reading and acknowledging: once its receive buffer is full our data stays unacknowledged.
        proxy.Stall();
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
        await stop.CancelAsync();
        try
        {
            await filler.WaitAsync(TimeSpan.FromSeconds(10), ct);
        }
        catch (OperationCanceledException)
        {
            // The filler was waiting for a reconnect that the test never allows; cancelling it is the way out.
        }

        Assert.NotEqual(MqttReasonCode.KeepAliveTimeout, info.Reason);
        var socketError = Assert.IsType<SocketException>(info.Exception);
        Assert.Equal(SocketError.TimedOut, socketError.SocketErrorCode);
    }
}
