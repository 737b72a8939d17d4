using System.Net;
using System.Net.Sockets;
using Telemetry.Drivers.Sources;
using static Telemetry.Drivers.Tests.Serial.SerialTestSupport;

namespace Telemetry.Drivers.Tests.Sources;

public sealed class NetworkSourceTests
{
    [Fact]
    public async Task Tcp_client_reads_and_writes_and_reconnects_after_the_server_drops_it()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var source = ByteSources.Open($"tcp://127.0.0.1:{port}", reconnect: FastRetry());
        source.Start();
        var ct = TestContext.Current.CancellationToken;

        using (var first = await listener.AcceptTcpClientAsync(ct))
        {
            await first.GetStream().WriteAsync("hello"u8.ToArray(), ct);
            Assert.Equal("hello"u8.ToArray(), await ReadExactlyAsync(source.Input, 5, Generous));
            Assert.True(await source.WaitForStateAsync(SourceState.Up, Generous, ct));
            await source.Output.WriteAsync("ack"u8.ToArray(), ct);
            var back = new byte[3];
            await first.GetStream().ReadExactlyAsync(back, ct);
            Assert.Equal("ack"u8.ToArray(), back);
        }

        // The server closed that connection: the same Input keeps delivering once the client reconnects.
        using var second = await listener.AcceptTcpClientAsync(ct);
        await second.GetStream().WriteAsync("again"u8.ToArray(), ct);
        Assert.Equal("again"u8.ToArray(), await ReadExactlyAsync(source.Input, 5, Generous));
        Assert.True(source.Counters.Reopens >= 1);
        Assert.True(source.Counters.HangUps >= 1);
    }

    [Fact]
    public async Task Tcp_to_a_closed_port_reports_the_endpoint_and_keeps_retrying()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var source = ByteSources.Tcp("127.0.0.1", port, FastRetry());
        source.Start();
        Assert.True(await WaitUntilAsync(source, () => source.Counters.OpenFailures >= 2, Generous));
        Assert.Contains($"tcp://127.0.0.1:{port}", source.LastError ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("listening", source.LastError ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Udp_listener_appends_each_datagram_whole()
    {
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        await using var source = ByteSources.Open($"udp://127.0.0.1:{port}", reconnect: FastRetry());
        source.Start();
        Assert.True(await source.WaitForStateAsync(SourceState.Up, Generous, TestContext.Current.CancellationToken), source.LastError);
        using var sender = new UdpClient();
        var datagram = Enumerable.Range(0, 2000).Select(i => (byte)i).ToArray();
        await sender.SendAsync(datagram, new IPEndPoint(IPAddress.Loopback, port), TestContext.Current.CancellationToken);
        byte[] mavlinkStart = [0xFD, 0x09];
        await sender.SendAsync(mavlinkStart, new IPEndPoint(IPAddress.Loopback, port), TestContext.Current.CancellationToken);
        byte[] expected = [.. datagram, .. mavlinkStart];
        Assert.Equal(expected, await ReadExactlyAsync(source.Input, expected.Length, Generous));
    }

    [Theory]
    [InlineData("tcp://host")]
    [InlineData("tcp://:80")]
    [InlineData("udp://:99999")]
    [InlineData("udp://not-an-ip:5000")]
    public void Malformed_endpoints_are_refused_with_the_expected_form(string endpoint)
    {
        var e = Assert.Throws<ArgumentException>(() => ByteSources.Open(endpoint));
        Assert.Contains(endpoint, e.Message, StringComparison.Ordinal);
    }
}
