using System.Collections.Concurrent;
using System.Text.Json;
using Telemetry.Mqtt;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Gateway.Demo;

/// <summary>A detection as an independent subscriber received it (parsed from the record JSON).</summary>
internal sealed record ReceivedDetection(
    long Sequence, string Rig, string Device, string Kind, DateTimeOffset Utc, double Lat, double Lon, double AccuracyM, string FixType, string PositionStatus, byte[] Raw);

/// <summary>
/// The operations-centre side of the demo: its own MQTT connection (its own client id), subscribed to every rig's
/// detections at QoS 1, counting duplicates and order, and keeping what it received.
/// </summary>
internal sealed class DemoSubscriber : IAsyncDisposable
{
    // Sequences are per rig (each rig has its own outbox): a detection is identified by (rig, sequence).
    private readonly ConcurrentDictionary<(string Rig, long Sequence), ReceivedDetection> _bySequence = new();
    private readonly ConcurrentDictionary<string, long> _lastSequence = new(StringComparer.Ordinal);
    private readonly MqttClient _client;
    private long _duplicates;
    private long _outOfOrder;

    public DemoSubscriber(string host, int port)
    {
        _client = new MqttClient(new MqttClientOptions
        {
            Host = host,
            Port = port,
            ClientId = "telemetry-demo-opscentre-" + Environment.ProcessId,
            // A persistent session: across a broker restart (with persistence) queued detections still arrive.
            CleanStart = false,
            SessionExpiryInterval = 3600,
            MessageHandler = OnMessage,
        });
    }

    public event Action<ReceivedDetection>? Received;

    public IReadOnlyCollection<ReceivedDetection> Detections => [.. _bySequence.Values.OrderBy(d => d.Rig, StringComparer.Ordinal).ThenBy(d => d.Sequence)];

    public int Count => _bySequence.Count;

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    public async Task StartAsync(string filter, CancellationToken cancellationToken)
    {
        await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await _client.SubscribeAsync([new MqttSubscriptionRequest(filter, MqttQos.AtLeastOnce)], cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private void OnMessage(in MqttPublish message)
    {
        var raw = message.Payload.ToArray();
        ReceivedDetection detection;
        try
        {
            detection = Parse(raw);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            Interlocked.Increment(ref _duplicates); // counted as not-a-new-detection; the raw bytes are not a record
            return;
        }

        if (!_bySequence.TryAdd((detection.Rig, detection.Sequence), detection))
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        // One MQTT connection delivers in order per topic: a lower sequence after a higher one of the same rig is out of order.
        var last = _lastSequence.AddOrUpdate(detection.Rig, detection.Sequence, (_, previous) => Math.Max(previous, detection.Sequence));
        if (detection.Sequence < last)
        {
            Interlocked.Increment(ref _outOfOrder);
        }
        Received?.Invoke(detection);
    }

    internal static ReceivedDetection Parse(byte[] raw)
    {
        using var doc = JsonDocument.Parse(raw);
        var root = doc.RootElement;
        var position = root.GetProperty("position");
        var hasCoordinates = position.TryGetProperty("lat", out var lat) && lat.ValueKind == JsonValueKind.Number;
        var accuracy = position.TryGetProperty("accuracy", out var acc) && acc.TryGetProperty("horizontal_m", out var h) && h.ValueKind == JsonValueKind.Number
            ? h.GetDouble()
            : double.NaN;
        return new ReceivedDetection(
            root.GetProperty("seq").GetInt64(),
            root.TryGetProperty("rig", out var rig) ? rig.GetString() ?? "" : "",
            root.GetProperty("device").GetString() ?? "",
            root.GetProperty("kind").GetString() ?? "",
            root.GetProperty("time").GetProperty("utc").GetDateTimeOffset(),
            hasCoordinates ? lat.GetDouble() : double.NaN,
            hasCoordinates ? position.GetProperty("lon").GetDouble() : double.NaN,
            accuracy,
            position.TryGetProperty("fix_type", out var fix) ? fix.GetString() ?? "" : "",
            position.TryGetProperty("status", out var status) ? status.GetString() ?? "" : "",
            raw);
    }
}
