namespace Telemetry.TestKit;

/// <summary>A real VictoriaMetrics single node, which accepts line protocol on /api/v2/write.</summary>
public sealed class VictoriaMetricsServer : ServerProcess
{
    /// <summary>Path of the server binary (Debian package victoria-metrics).</summary>
    public const string Binary = "/usr/bin/victoria-metrics";

    private VictoriaMetricsServer()
        : base("victoria-metrics")
    {
    }

    /// <summary>HTTP port.</summary>
    public int Port { get; private set; }

    /// <summary>Base address of the HTTP API.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts victoria-metrics with its storage in the temp folder.</summary>
    public static async Task<VictoriaMetricsServer> StartAsync()
    {
        ServerBinary.Require(Binary, "apt-get install victoria-metrics (store tests write to a real VictoriaMetrics)");
        var server = new VictoriaMetricsServer();
        try
        {
            server.Port = ServerBinary.FreePort();
            await server.StartProcessAsync(
                Binary,
                [$"-storageDataPath={server.Directory}/data", $"-httpListenAddr=127.0.0.1:{server.Port}", "-loggerLevel=ERROR"],
                server.Port);
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            await server.WaitUntilAsync(async ct =>
            {
                using var response = await http.GetAsync(new Uri("health", UriKind.Relative), ct);
                return response.IsSuccessStatusCode;
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
