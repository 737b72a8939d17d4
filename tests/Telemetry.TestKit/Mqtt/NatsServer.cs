namespace Telemetry.TestKit;

/// <summary>A real nats-server with JetStream and its MQTT listener (MQTT 3.1.1) on free loopback ports.</summary>
public sealed class NatsServer : ServerProcess
{
    /// <summary>Path of the binary (Debian package nats-server).</summary>
    public const string Binary = "/usr/sbin/nats-server";

    private NatsServer()
        : base("nats")
    {
    }

    /// <summary>NATS client port.</summary>
    public int Port { get; private set; }

    /// <summary>MQTT listener port.</summary>
    public int MqttPort { get; private set; }

    /// <summary>Starts nats-server; skips (or fails under CI) when it is not installed.</summary>
    public static async Task<NatsServer> StartAsync()
    {
        ServerBinary.Require(Binary, "apt-get install nats-server");
        var server = new NatsServer();
        try
        {
            server.Port = ServerBinary.FreePort();
            server.MqttPort = ServerBinary.FreePort();
            var store = Path.Combine(server.Directory, "js");
            var config = Path.Combine(server.Directory, "nats.conf");
            // MQTT needs JetStream (sessions and QoS 1 state live in streams) and a server_name.
            await File.WriteAllTextAsync(config, $$"""
                server_name: telemetry_test
                listen: 127.0.0.1:{{server.Port}}
                jetstream { store_dir: "{{store}}" }
                mqtt { listen: 127.0.0.1:{{server.MqttPort}} }
                """);
            await server.StartProcessAsync(Binary, ["-js", "-sd", store, "-c", config], server.MqttPort);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
