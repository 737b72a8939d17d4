using System.Net.Sockets;
using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Broker.Tests;

/// <summary>Malformed packets, slow connects, oversized packets and 1,000 idle connections: the broker keeps serving.</summary>
public sealed class HostileClientTests
{
    public static readonly TheoryData<string, byte[]> Malformed = new()
    {
        // PUBLISH with QoS bits 11 (§3.3.1.2).
        { "qos3 publish", [0x36, 0x05, 0x00, 0x01, (byte)'t', 0x00, 0x01] },
        // SUBSCRIBE with reserved flags 0000 instead of 0010 (§3.8.1).
        { "subscribe flags", [0x80, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x00] },
        // Remaining length with a fifth continuation byte (§1.5.5).
        { "remaining length overlong", [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F] },
        // String length running past the packet.
        { "overlong topic length", [0x30, 0x04, 0x00, 0x09, (byte)'a', (byte)'b'] },
        // Topic with a wildcard in a PUBLISH (§3.3.2.1).
        { "wildcard topic", [0x30, 0x05, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'#'] },
        // Reserved packet type 0.
        { "type 0", [0x00, 0x00] },
        // CONNACK sent by a client.
        { "connack from client", [0x20, 0x03, 0x00, 0x00, 0x00] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_packet_closes_that_connection_only(string name, byte[] packet)
    {
        await using var host = await BrokerHost.StartAsync();
        var (good, _, _, _) = await RawClient.ConnectAsync(host.Port, "good");
        await using var _g = good;
        var (bad, _, _, _) = await RawClient.ConnectAsync(host.Port, "bad");
        await using var _b = bad;

        await bad.SendAsync(packet);
        var packets = await bad.DrainUntilClosedAsync(TimeSpan.FromSeconds(10));

        // MQTT 5: the DISCONNECT names the reason (malformed, protocol error or topic name invalid).
        var disconnect = Assert.Single(packets);
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeDisconnect(disconnect, MqttProtocolVersion.V500, out var d));
        Assert.True(d.ReasonCode is MqttReasonCode.MalformedPacket or MqttReasonCode.ProtocolError or MqttReasonCode.TopicNameInvalid, $"{name}: {d.ReasonCode}");
        Assert.True(host.Broker.Statistics.ProtocolErrors >= 1);

        // The other client is still served.
        await good.SubscribeAsync(1, "still/here", MqttQos.AtMostOnce);
        Assert.Equal(MqttPacketType.SubAck, MqttPacketDecoder.TypeOf(await good.ReceiveAsync()));
    }

    [Fact]
    public async Task Random_garbage_never_crashes_the_broker()
    {
        // Garbage that announces a longer packet than it sends is closed by the connect timeout; keep it short.
        await using var host = await BrokerHost.StartAsync(o => o with { ConnectTimeout = TimeSpan.FromMilliseconds(500) });
        var random = new Random(1234);
        var inputs = Enumerable.Range(0, 60).Select(i =>
        {
            var garbage = new byte[random.Next(1, 300)];
            random.NextBytes(garbage);
            if (i % 2 == 0)
            {
                garbage[0] = 0x10; // looks like CONNECT, body is noise
            }

            return garbage;
        }).ToList();

        await Task.WhenAll(inputs.Select(async garbage =>
        {
            var client = await RawClient.OpenAsync(host.Port);
            await using (client)
            {
                try
                {
                    await client.SendAsync(garbage);
                    await client.DrainUntilClosedAsync(TimeSpan.FromSeconds(15));
                }
                catch (IOException)
                {
                    // The broker reset the connection while we were still writing: also a close.
                }
            }
        }));

        var (ok, reason, _, _) = await RawClient.ConnectAsync(host.Port, "after");
        await using var _o = ok;
        Assert.Equal(MqttReasonCode.Success, reason);
        Assert.Equal(1, host.Broker.Statistics.ClientsConnected);
    }

    [Fact]
    public async Task A_slow_connect_is_closed_after_the_connect_timeout()
    {
        await using var host = await BrokerHost.StartAsync(o => o with { ConnectTimeout = TimeSpan.FromSeconds(1) });
        var silent = await RawClient.OpenAsync(host.Port);
        await using var _s = silent;
        // Half a CONNECT, then silence.
        await silent.SendAsync(new byte[] { 0x10, 0x20, 0x00 });
        Assert.Null(await silent.TryReceiveAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(1, host.Broker.Statistics.ProtocolErrors);
    }

    [Fact]
    public async Task An_oversized_length_is_refused_from_the_header_without_buffering_the_body()
    {
        await using var host = await BrokerHost.StartAsync(o => o with { MaxPacketSize = 64 * 1024 });
        var client = await RawClient.OpenAsync(host.Port);
        await using var _c = client;
        // CONNECT announcing 200 MB; only the header is sent.
        await client.SendAsync(new byte[] { 0x10, 0x80, 0x80, 0x80, 0x60 });
        Assert.Null(await client.TryReceiveAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, host.Broker.Statistics.ProtocolErrors);
    }

    [Fact]
    public async Task A_thousand_idle_connections_cost_bounded_memory_while_others_are_served()
    {
        Mosquitto.RequireClients();
        await using var host = await BrokerHost.StartAsync(o => o with { ConnectTimeout = TimeSpan.FromMinutes(5) });
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < 1000; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await s.ConnectAsync("127.0.0.1", host.Port, TestContext.Current.CancellationToken);
                idle.Add(s);
            }

            await Wait.UntilAsync(() => host.Broker.Statistics.ConnectionsAccepted >= 1000, TimeSpan.FromSeconds(30), "1,000 accepted connections");

            // Others are served meanwhile: a QoS 1 round trip through mosquitto clients.
            using var sub = await Mosquitto.StartSubscriberAsync(host.Port, "mqttv5", () => host.Broker.SubscriptionCount == 1, "-t", "busy", "-q", "1");
            Assert.Equal(0, (await Mosquitto.PubAsync(host.Port, "mqttv5", "-t", "busy", "-m", "served", "-q", "1")).ExitCode);
            await sub.WaitForLinesAsync(1, TimeSpan.FromSeconds(15));
            Assert.Equal("served", sub.Lines[0]);

            var after = GC.GetTotalMemory(forceFullCollection: true);
            var perConnection = (after - before) / 1000.0;
            // Zero-byte reads keep no receive buffer per idle socket; allow 16 KiB each for state and the pipe.
            Assert.True(perConnection < 16 * 1024, $"{perConnection:0} bytes of managed heap per idle connection");
        }
        finally
        {
            foreach (var s in idle)
            {
                s.Dispose();
            }
        }
    }
}
