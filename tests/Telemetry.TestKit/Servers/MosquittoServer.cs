namespace Telemetry.TestKit.Servers;

/// <summary>A real mosquitto 2.x broker on a free loopback port.</summary>
public sealed class MosquittoServer : RealServer
{
    private MosquittoServer()
        : base("mosquitto")
    {
    }

    /// <summary>The plain MQTT listener's port.</summary>
    public int Port { get; private set; }

    /// <summary>
    /// Starts mosquitto. <paramref name="extraConfig"/> lines are appended to the generated configuration
    /// (listeners, password_file, acl_file, TLS); the default listener allows anonymous clients.
    /// </summary>
    public static async Task<MosquittoServer> StartAsync(string? extraConfig = null, int? port = null)
    {
        var binary = RequireBinary("mosquitto", "real-broker tests talk to mosquitto");
        var server = new MosquittoServer();
        try
        {
            server.Port = port ?? FreeTcpPort();
            await server.RestartAsync(binary, extraConfig).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts (again) on the same port and data folder, e.g. after <see cref="RealServer.KillAsync"/>.</summary>
    public Task RestartAsync(string? extraConfig = null)
        => RestartAsync(RequireBinary("mosquitto", "real-broker tests talk to mosquitto"), extraConfig);

    private async Task RestartAsync(string binary, string? extraConfig)
    {
        var config = Path.Combine(DataDirectory, "mosquitto.conf");
        var hasAuth = extraConfig?.Contains("password_file", StringComparison.Ordinal) == true;
        await File.WriteAllTextAsync(config, $"""
            per_listener_settings false
            persistence true
            persistence_location {DataDirectory}/
            log_dest stdout
            listener {Port} 127.0.0.1
            allow_anonymous {(hasAuth ? "false" : "true")}
            max_queued_messages 1000000
            {extraConfig}
            """).ConfigureAwait(false);
        await LaunchAsync(binary, ["-c", config], ct => AcceptsTcpAsync(Port, ct), TimeSpan.FromSeconds(20)).ConfigureAwait(false);
    }
}
