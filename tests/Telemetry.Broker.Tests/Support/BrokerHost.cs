using System.Collections.Concurrent;
using System.Net;
using Telemetry.Mqtt.Broker;

namespace Telemetry.Broker.Tests.Support;

/// <summary>Our broker on a free loopback port with its own temp directory, stopped at the end of the test.</summary>
internal sealed class BrokerHost : IAsyncDisposable
{
    private readonly bool _ownsDir;

    private BrokerHost(MqttBroker broker, TempDir dir, bool ownsDir, MqttBrokerOptions options)
    {
        Broker = broker;
        Dir = dir;
        _ownsDir = ownsDir;
        Options = options;
    }

    public MqttBroker Broker { get; }

    public TempDir Dir { get; }

    public MqttBrokerOptions Options { get; }

    public int Port => Broker.Port;

    public ConcurrentQueue<string> Log { get; } = new();

    public static async Task<BrokerHost> StartAsync(Func<MqttBrokerOptions, MqttBrokerOptions>? configure = null, TempDir? dir = null, Func<long>? clock = null)
    {
        var ownsDir = dir is null;
        dir ??= new TempDir();
        var options = new MqttBrokerOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            SysInterval = TimeSpan.FromSeconds(1),
            HousekeepingInterval = TimeSpan.FromMilliseconds(100),
        };
        options = configure?.Invoke(options) ?? options;
        var log = new ConcurrentQueue<string>();
        var broker = new MqttBroker(options, log.Enqueue, clock);
        await broker.StartAsync();
        var host = new BrokerHost(broker, dir, ownsDir, options);
        foreach (var line in log)
        {
            host.Log.Enqueue(line);
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        if (_ownsDir)
        {
            Dir.Dispose();
        }
    }
}
