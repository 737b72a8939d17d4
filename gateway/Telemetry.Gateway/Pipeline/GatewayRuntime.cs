using System.Threading.Channels;
using Telemetry.Drivers.Serial;
using Telemetry.Drivers.Sources;
using Telemetry.Gateway.Configuration;
using Telemetry.Gateway.Outbox;
using Telemetry.Geo.Detections;
using Telemetry.Geo.Geotagging;
using Telemetry.Geo.Time;
using Telemetry.Mqtt;
using Telemetry.Protocols.Framing;
using Telemetry.Protocols.Nmea;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// The rig service: devices → framer → decoder → geotag → outbox → MQTT, telemetry at QoS 0, retained status. Owns
/// every stage; <see cref="RunAsync"/> runs until cancelled, then shuts down gracefully (devices closed, waiting
/// detections geotagged and stored, in-flight publishes given time to be acknowledged, "offline" published, outbox
/// fsynced). Used by <c>telemetry gateway</c> (under the generic host) and by <c>telemetry demo</c>.
/// </summary>
internal sealed partial class GatewayRuntime : IAsyncDisposable
{
    private readonly GatewayOptions _options;
    private readonly GatewayClock _clock;
    private readonly Action<string> _log;
    private readonly Dictionary<string, ReconnectingSource> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GnssEpochAssembler> _gnss = new(StringComparer.Ordinal);
    private readonly Channel<PendingDetection> _detections = Channel.CreateBounded<PendingDetection>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public GatewayRuntime(GatewayOptions options, GatewayClock? clock = null, Action<string>? log = null)
    {
        _options = options;
        _clock = clock ?? GatewayClock.System;
        _log = log ?? (_ => { });
        Counters = new GatewayCounters();
        Telemetry = new TelemetryBuffer(Counters);
        Outbox = SegmentedOutbox.Open(options.Outbox, _clock.Utc);
        var stats = Outbox.GetStats();
        if (stats.QuarantinedRegions > 0)
        {
            _log($"outbox: quarantined {stats.QuarantinedRegions} damaged regions ({stats.QuarantinedBytes} bytes) in {options.Outbox.Directory}/quarantine; {stats.LostToCorruption} records lost to corruption");
        }

        Client = new MqttClient(MqttOptions(options));
    }

    public GatewayCounters Counters { get; }

    public TelemetryBuffer Telemetry { get; }

    public SegmentedOutbox Outbox { get; }

    public MqttClient Client { get; }

    public IReadOnlyDictionary<string, ReconnectingSource> Sources => _sources;

    /// <summary>The detection publisher while <see cref="RunAsync"/> runs (tests observe its StoreAck timer).</summary>
    internal DetectionPublisher? Publisher { get; private set; }

    /// <summary>Raised on the detection stage's thread after a detection is durable in the outbox.</summary>
    public event Action<GeotaggedDetection>? DetectionStored;

    /// <summary>Raised when a device changes state (absent, opening, up, stalled).</summary>
    public event Action<string, SourceState>? DeviceStateChanged;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var rigClock = new RigClock(Outbox.GetStats().NextSequence);
        using var writer = new DetectionRecordWriter(new RecordIdentity(_options.Site, _options.Rig, _options.ConfigHash));
        var stage = new DetectionStage(_detections.Reader, Outbox, writer, _clock, Counters, _options.Geotag.MaxFixAge);
        stage.Stored += d => DetectionStored?.Invoke(d);
        using var publisher = new DetectionPublisher(Outbox, Client, _options, Counters, _clock);
        Publisher = publisher;
        Client.Connected += info => OnConnected(info, publisher);
        Client.Disconnected += info =>
        {
            Counters.Add("mqtt_disconnects");
            _log($"mqtt: disconnected ({info})");
        };

        using var devicesStop = new CancellationTokenSource();
        using var pipelineStop = new CancellationTokenSource();
        var deviceLoops = new List<Task>();
        PrepareTracks();
        foreach (var assembler in _gnss.Values)
        {
            // A new epoch may complete a waiting detection's interpolation: store it now, not at the next tick.
            assembler.EpochAdded += stage.Wake;
        }

        foreach (var device in _options.Devices)
        {
            deviceLoops.Add(StartDevice(device, rigClock, devicesStop.Token));
        }

        RegisterGauges(publisher);
        var stageTask = Task.Factory.StartNew(
            () => stage.RunAsync(pipelineStop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        var publishTask = publisher.RunAsync(pipelineStop.Token);
        var connectTask = ConnectAsync(pipelineStop.Token);
        var telemetryTask = PublishTelemetryAsync(pipelineStop.Token);
        var statusTask = PublishStatusLoopAsync(pipelineStop.Token);
        var httpTask = _options.HttpPrefix is { } prefix ? MetricsEndpoint.RunAsync(prefix, this, pipelineStop.Token) : Task.CompletedTask;

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Normal shutdown: fall through to the graceful flush below.
        }

        _log("shutting down: closing devices, storing waiting detections, flushing the outbox");
        await devicesStop.CancelAsync().ConfigureAwait(false);
        foreach (var source in _sources.Values)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        await Quietly(Task.WhenAll(deviceLoops)).ConfigureAwait(false);
        DisposeGpio();
        _detections.Writer.TryComplete();
        await Quietly(stageTask).ConfigureAwait(false);
        stage.Flush(CancellationToken.None);
        Outbox.Flush();

        // Give what is durable a bounded chance to be acknowledged; the rest replays at the next start.
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            await WaitForPublishedAsync(publisher, grace.Token).ConfigureAwait(false);
        }

        await pipelineStop.CancelAsync().ConfigureAwait(false);
        await Quietly(Task.WhenAll(publishTask, connectTask, telemetryTask, statusTask, httpTask)).ConfigureAwait(false);
        if (Client.IsConnected)
        {
            using var bye = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Quietly(Client.PublishAsync(_options.TopicRoot + "/status", "offline"u8.ToArray(), Mqtt.Packets.MqttQos.AtLeastOnce, retain: true, bye.Token).AsTask()).ConfigureAwait(false);
            await Quietly(Client.DisconnectAsync(cancellationToken: bye.Token)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        DisposeGpio();
        await Client.DisposeAsync().ConfigureAwait(false);
        Outbox.Dispose();
        Counters.Dispose();
    }

    private MqttClientOptions MqttOptions(GatewayOptions options)
    {
        var broker = options.Broker;
        System.Security.Cryptography.X509Certificates.X509Certificate2Collection? roots = null;
        if (broker.CaFile is { } ca)
        {
            roots = [];
            roots.ImportFromPemFile(ca);
        }

        return new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = broker.ClientId,
            ProtocolVersion = broker.MqttVersion == "3.1.1" ? Mqtt.Packets.MqttProtocolVersion.V311 : Mqtt.Packets.MqttProtocolVersion.V500,
            UserName = broker.UserName,
            Password = broker.Password,
            CleanStart = true,
            KeepAlive = TimeSpan.FromSeconds(15),
            MaxInFlight = Math.Max(broker.Window, 16) + 64,
            ReconnectMaxDelay = TimeSpan.FromSeconds(5),
            Tls = broker.Tls ? new MqttTlsOptions { TrustedRoots = roots } : null,
            MessageHandler = (in Mqtt.Packets.MqttPublish message) => OnStoreAck(message.Payload),
            Will = new MqttWill
            {
                Topic = options.TopicRoot + "/status",
                Payload = "offline"u8.ToArray(),
                Qos = Mqtt.Packets.MqttQos.AtLeastOnce,
                Retain = true,
            },
        };
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected during shutdown.
        }
    }
}
