using Telemetry.Broker.Tests.Support;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Broker.Tests;

/// <summary>Receive Maximum, Maximum Packet Size, in-flight window, server keep alive, connection limit (MQTT 5.0 §3.1.2.11, §3.2.2.3, §4.9).</summary>
public sealed class LimitsTests
{
    [Fact]
    public async Task Connack_announces_our_limits_and_the_server_keep_alive()
    {
        await using var host = await BrokerHost.StartAsync(o => o with { ReceiveMaximum = 7, MaxPacketSize = 4096, TopicAliasMaximum = 9, ServerKeepAlive = 20 });
        var (client, _, _, connAck) = await RawClient.ConnectAsync(host.Port, "c", keepAlive: 600);
        await using var _c = client;
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeConnAck(connAck, MqttProtocolVersion.V500, out var ack));
        Assert.Equal((ushort)7, ack.Properties.ReceiveMaximum);
        Assert.Equal(4096u, ack.Properties.MaximumPacketSize);
        Assert.Equal((ushort)9, ack.Properties.TopicAliasMaximum);
        Assert.Equal((ushort)20, ack.Properties.ServerKeepAlive);
    }

    [Fact]
    public async Task A_packet_over_the_maximum_size_closes_with_0x95()
    {
        await using var host = await BrokerHost.StartAsync(o => o with { MaxPacketSize = 1024 });
        var (client, _, _, _) = await RawClient.ConnectAsync(host.Port, "c");
        await using var _c = client;

        await client.PublishAsync("t", new string('x', 2000));
        var packets = await client.DrainUntilClosedAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeDisconnect(Assert.Single(packets), MqttProtocolVersion.V500, out var d));
        Assert.Equal(MqttReasonCode.PacketTooLarge, d.ReasonCode);
    }

    [Fact]
    public async Task More_unreleased_qos2_publishes_than_receive_maximum_closes_with_0x93()
    {
        await using var host = await BrokerHost.StartAsync(o => o with { ReceiveMaximum = 2 });
        var (client, _, _, _) = await RawClient.ConnectAsync(host.Port, "c");
        await using var _c = client;
        for (ushort id = 1; id <= 3; id++)
        {
            await client.PublishAsync("t", "x", MqttQos.ExactlyOnce, id); // never PUBREL'd
        }

        var packets = await client.DrainUntilClosedAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, packets.Count); // PUBREC, PUBREC, DISCONNECT
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeDisconnect(packets[2], MqttProtocolVersion.V500, out var d));
        Assert.Equal(MqttReasonCode.ReceiveMaximumExceeded, d.ReasonCode);
    }

    [Fact]
    public async Task The_client_receive_maximum_bounds_what_is_in_flight_to_it()
    {
        await using var host = await BrokerHost.StartAsync();
        var (sub, _, _, _) = await RawClient.ConnectAsync(host.Port, "sub", receiveMaximum: 1);
        await using var _s = sub;
        await sub.SubscribeAsync(1, "t", MqttQos.AtLeastOnce);
        await sub.ReceiveAsync();
        var (pub, _, _, _) = await RawClient.ConnectAsync(host.Port, "pub");
        await using var _p = pub;
        for (ushort i = 1; i <= 3; i++)
        {
            await pub.PublishAsync("t", $"m{i}", MqttQos.AtLeastOnce, i);
            await pub.ReceiveAsync();
        }

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(await sub.ReceiveAsync(), MqttProtocolVersion.V500, out var p));
            Assert.Equal($"m{i}", RawClient.Text(p.Payload));
            var id = p.PacketId;
            // Window of one: nothing more comes until this one is acknowledged.
            Assert.Null(await sub.TryReceiveAsync(TimeSpan.FromMilliseconds(300)));
            await sub.AckAsync(MqttPacketType.PubAck, id);
        }
    }

    [Fact]
    public async Task Messages_over_the_client_maximum_packet_size_are_skipped_and_counted()
    {
        await using var host = await BrokerHost.StartAsync();
        var (sub, _, _, _) = await RawClient.ConnectAsync(host.Port, "sub", maximumPacketSize: 200);
        await using var _s = sub;
        await sub.SubscribeAsync(1, "t", MqttQos.AtLeastOnce);
        await sub.ReceiveAsync();
        var (pub, _, _, _) = await RawClient.ConnectAsync(host.Port, "pub");
        await using var _p = pub;

        await pub.PublishAsync("t", new string('b', 500), MqttQos.AtLeastOnce, 1);
        await pub.PublishAsync("t", "small", MqttQos.AtLeastOnce, 2);

        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodePublish(await sub.ReceiveAsync(), MqttProtocolVersion.V500, out var p));
        Assert.Equal("small", RawClient.Text(p.Payload));
        Assert.Equal(1, host.Broker.Statistics.MessagesDropped);
    }

    [Fact]
    public async Task Keep_alive_closes_a_silent_client_with_0x8D()
    {
        await using var host = await BrokerHost.StartAsync(o => o with { ServerKeepAlive = 1 });
        var (client, _, _, _) = await RawClient.ConnectAsync(host.Port, "quiet");
        await using var _c = client;
        var packets = await client.DrainUntilClosedAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(MqttReasonCode.Success, MqttPacketDecoder.DecodeDisconnect(Assert.Single(packets), MqttProtocolVersion.V500, out var d));
        Assert.Equal(MqttReasonCode.KeepAliveTimeout, d.ReasonCode);
    }

    [Fact]
    public async Task Connections_over_the_limit_are_closed_and_counted()
    {
        await using var host = await BrokerHost.StartAsync(o => o with { MaxConnections = 2 });
        var (a, _, _, _) = await RawClient.ConnectAsync(host.Port, "a");
        var (b, _, _, _) = await RawClient.ConnectAsync(host.Port, "b");
        await using var _a = a;
        await using var _b = b;
        try
        {
            // The third is accepted by the kernel and reset by the broker before anything is read.
            var c = await RawClient.OpenAsync(host.Port);
            await using var _cc = c;
            Assert.Null(await c.TryReceiveAsync(TimeSpan.FromSeconds(10)));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Assert.Equal(System.Net.Sockets.SocketError.ConnectionReset, e.SocketErrorCode);
        }

        await Wait.UntilAsync(() => host.Broker.Statistics.ConnectionsRefused == 1, TimeSpan.FromSeconds(10), "the refusal to be counted");
        Assert.Equal(2, host.Broker.Statistics.ClientsConnected);
    }
}
