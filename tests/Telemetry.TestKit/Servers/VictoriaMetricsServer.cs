namespace Telemetry.TestKit.Servers;

/// <summary>A real VictoriaMetrics single node, which accepts line protocol on /api/v2/write.</summary>
public sealed class VictoriaMetricsServer : RealServer
{
    private VictoriaMetricsServer()
        : base("victoria-metrics")
    {
    }

    /// <summary>HTTP port.</summary>
    public int Port { get; private set; }

    /// <summary>Base address of the HTTP API.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts victoria-metrics with its storage in a temporary folder.</summary>
    public static async Task<VictoriaMetricsServer> StartAsync()
    {
        var binary = RequireBinary("victoria-metrics", "store tests write to a real VictoriaMetrics");
        var server = new VictoriaMetricsServer();
        try
        {
            server.Port = FreeTcpPort();
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            await server.LaunchAsync(
                binary,
                [$"-storageDataPath={server.DataDirectory}/data", $"-httpListenAddr=127.0.0.1:{server.Port}", "-loggerLevel=ERROR"],
                async ct =>
                {
                    using var response = await http.GetAsync(new Uri("health", UriKind.Relative), ct).ConfigureAwait(false);
                    return response.IsSuccessStatusCode;
                },
                TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
