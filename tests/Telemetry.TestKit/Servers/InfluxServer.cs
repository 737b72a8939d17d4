using System.Net;

namespace Telemetry.TestKit.Servers;

/// <summary>A real InfluxDB 1.x (Debian ships 1.6.7: the v1 /write and /query endpoints only).</summary>
public sealed class InfluxServer : RealServer
{
    private InfluxServer()
        : base("influxd")
    {
    }

    /// <summary>HTTP API port.</summary>
    public int Port { get; private set; }

    /// <summary>Base address of the HTTP API.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts influxd with data, WAL and meta under a temporary folder and reporting off.</summary>
    public static async Task<InfluxServer> StartAsync()
    {
        var binary = RequireBinary("influxd", "store tests write to a real InfluxDB 1.x");
        var server = new InfluxServer();
        try
        {
            server.Port = FreeTcpPort();
            var rpcPort = FreeTcpPort();
            var dir = server.DataDirectory;
            var config = Path.Combine(dir, "influxdb.conf");
            await File.WriteAllTextAsync(config, $"""
                reporting-disabled = true
                bind-address = "127.0.0.1:{rpcPort}"
                [meta]
                  dir = "{dir}/meta"
                [data]
                  dir = "{dir}/data"
                  wal-dir = "{dir}/wal"
                  query-log-enabled = false
                [monitor]
                  store-enabled = false
                [http]
                  bind-address = "127.0.0.1:{server.Port}"
                  log-enabled = false
                """).ConfigureAwait(false);
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            await server.LaunchAsync(binary, ["-config", config], async ct =>
            {
                using var response = await http.GetAsync(new Uri("ping", UriKind.Relative), ct).ConfigureAwait(false);
                return response.StatusCode == HttpStatusCode.NoContent;
            }, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
