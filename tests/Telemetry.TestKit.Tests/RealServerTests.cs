using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Telemetry.TestKit.Tests;

public sealed class RealServerTests
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Mosquitto_carries_a_message_to_mosquitto_sub()
    {
        await using var broker = await MosquittoServer.StartAsync();
        var sub = ServerBinary.Require("/usr/bin/mosquitto_sub", "apt-get install mosquitto-clients (the independent MQTT peer)");
        var pub = ServerBinary.Require("/usr/bin/mosquitto_pub", "apt-get install mosquitto-clients (the independent MQTT peer)");
        var port = broker.Port.ToString(CultureInfo.InvariantCulture);

        // Retained, so the subscriber gets it whenever it connects: no race between the two processes.
        var published = await ExternalTool.RunAsync(pub, ["-h", "127.0.0.1", "-p", port, "-t", "kit/probe", "-m", "hello-field", "-r", "-q", "1"], ToolTimeout);
        Assert.Equal(0, published.ExitCode);
        var received = await ExternalTool.RunAsync(sub, ["-h", "127.0.0.1", "-p", port, "-t", "kit/#", "-C", "1", "-v", "-W", "20"], ToolTimeout);

        Assert.Equal(0, received.ExitCode);
        Assert.Equal("kit/probe hello-field", received.StandardOutput.Trim());
    }

    [Fact]
    public async Task Mosquitto_restarts_on_the_same_port_after_a_kill()
    {
        await using var broker = await MosquittoServer.StartAsync();
        var port = broker.Port;
        await broker.KillAsync();
        Assert.False(broker.IsRunning);
        await broker.RestartAsync();
        Assert.True(broker.IsRunning);
        Assert.Equal(port, broker.Port);

        // It really serves again on that port.
        var pub = ServerBinary.Require("/usr/bin/mosquitto_pub", "apt-get install mosquitto-clients (the independent MQTT peer)");
        var published = await ExternalTool.RunAsync(pub, ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-t", "kit/again", "-m", "x", "-q", "1"], ToolTimeout);
        Assert.Equal(0, published.ExitCode);
    }

    [Fact]
    public async Task Influxd_stores_a_point_that_an_InfluxQL_query_reads_back()
    {
        await using var influx = await InfluxServer.StartAsync();
        using var http = new HttpClient { BaseAddress = influx.BaseAddress };
        var ct = TestContext.Current.CancellationToken;

        using (var create = await http.PostAsync(new Uri("query?q=CREATE+DATABASE+fieldops", UriKind.Relative), null, ct))
        {
            Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        }

        using (var body = new StringContent("detection,rig=dt-01,kind=metal amplitude=0.75,seq=42i 1700000000000\n", Encoding.UTF8))
        using (var write = await http.PostAsync(new Uri("write?db=fieldops&precision=ms", UriKind.Relative), body, ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        }

        var query = Uri.EscapeDataString("SELECT amplitude, seq FROM detection WHERE rig='dt-01'");
        var json = await http.GetStringAsync(new Uri($"query?db=fieldops&epoch=ms&q={query}", UriKind.Relative), ct);
        using var doc = JsonDocument.Parse(json);
        var row = doc.RootElement.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")[0];
        Assert.Equal(1700000000000, row[0].GetInt64());
        Assert.Equal(0.75, row[1].GetDouble());
        Assert.Equal(42, row[2].GetInt64());
    }

    [Fact]
    public async Task VictoriaMetrics_accepts_line_protocol_on_api_v2_write_and_exports_it()
    {
        await using var vm = await VictoriaMetricsServer.StartAsync();
        using var http = new HttpClient { BaseAddress = vm.BaseAddress };
        var ct = TestContext.Current.CancellationToken;

        // A recent timestamp: VictoriaMetrics drops samples older than its retention (one month by default).
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using (var body = new StringContent(FormattableString.Invariant($"machine,rig=mm-02 rpm=1850 {nowMs * 1_000_000}\n"), Encoding.UTF8))
        using (var write = await http.PostAsync(new Uri("api/v2/write", UriKind.Relative), body, ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        }

        // Ingestion is buffered; force a flush and wait until the export shows the sample.
        var export = string.Empty;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (export.Length == 0)
        {
            deadline.Token.ThrowIfCancellationRequested();
            using (await http.GetAsync(new Uri("internal/force_flush", UriKind.Relative), ct))
            {
            }

            export = (await http.GetStringAsync(new Uri("api/v1/export?match%5B%5D=machine_rpm", UriKind.Relative), ct)).Trim();
            if (export.Length == 0)
            {
                await Task.Delay(100, ct);
            }
        }

        using var doc = JsonDocument.Parse(export);
        Assert.Equal("mm-02", doc.RootElement.GetProperty("metric").GetProperty("rig").GetString());
        Assert.Equal(1850, doc.RootElement.GetProperty("values")[0].GetDouble());
        Assert.Equal(nowMs, doc.RootElement.GetProperty("timestamps")[0].GetInt64());
    }
}
