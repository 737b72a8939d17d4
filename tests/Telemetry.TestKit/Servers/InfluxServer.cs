using System.Net;

namespace Telemetry.TestKit;

/// <summary>A real InfluxDB 1.x (Debian ships 1.6.7: the v1 /write and /query endpoints only).</summary>
public sealed class InfluxServer : ServerProcess
{
    /// <summary>Path of the server binary (Debian package influxdb).</summary>
    public const string Binary = "/usr/bin/influxd";

    private InfluxServer()
        : base("influxd")
    {
    }

    /// <summary>HTTP API port.</summary>
    public int Port { get; private set; }

    /// <summary>Base address of the HTTP API.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts influxd with data, WAL and meta in the temp folder and usage reporting off.</summary>
    public static async Task<InfluxServer> StartAsync()
    {
        ServerBinary.Require(Binary, "apt-get install influxdb (store tests write to a real InfluxDB 1.x)");
        var server = new InfluxServer();
        try
        {
            server.Port = ServerBinary.FreePort();
            var dir = server.Directory;
            var config = Path.Combine(dir, "influxdb.conf");
            await File.WriteAllTextAsync(config, $"""
                reporting-disabled = true
                bind-address = "127.0.0.1:{ServerBinary.FreePort()}"
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
                """);
            await server.StartProcessAsync(Binary, ["-config", config], server.Port);

            // The HTTP port opens before the meta store is ready; /ping answers 204 once it is.
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            await server.WaitUntilAsync(async ct =>
            {
                using var response = await http.GetAsync(new Uri("ping", UriKind.Relative), ct);
                return response.StatusCode == HttpStatusCode.NoContent;
            });
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
