using System.Buffers;
using System.Text.Json;
using Telemetry.Drivers.Sources;
using Telemetry.Gateway.Configuration;
using Telemetry.Mqtt;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Gateway.Pipeline;

internal sealed partial class GatewayRuntime
{
    /// <summary>First connection: retried with backoff (the client reconnects on its own once connected).</summary>
    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Client.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is MqttConnectException or IOException or System.Net.Sockets.SocketException or TimeoutException)
            {
                Counters.Add("mqtt_connect_failures");
                _log($"mqtt: cannot connect to {_options.Broker.Host}:{_options.Broker.Port} ({e.Message}); retrying in {delay.TotalSeconds:F1} s");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private void OnConnected(MqttConnectedInfo info, DetectionPublisher publisher)
    {
        Counters.Add("mqtt_connects");
        _log($"mqtt: connected to {_options.Broker.Host}:{_options.Broker.Port} (session present: {info.SessionPresent})");
        // Birth message (retained) replaces the Last Will's "offline".
        Fire(_options.TopicRoot + "/status", "online"u8.ToArray(), MqttQos.AtLeastOnce, retain: true);
        foreach (var (name, source) in _sources)
        {
            PublishDeviceStatus(name, source);
        }

        if (_options.Broker.AckMode == AckMode.StoreAck)
        {
            _ = SubscribeStoreAckAsync();
            // A reconnect without a session: what the broker had accepted but the ops centre may not have received is
            // sent again. Not on the first connection: publishes queued while connecting go out once, from the start.
            if (!info.SessionPresent && Counters.Get("mqtt_connects") > 1)
            {
                publisher.RequestRewind();
            }
        }
    }

    private async Task SubscribeStoreAckAsync()
    {
        try
        {
            await Client.SubscribeAsync([new MqttSubscriptionRequest(_options.TopicRoot + "/ack", MqttQos.AtLeastOnce)]).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or MqttConnectException)
        {
            _log($"mqtt: store-ack subscription failed ({e.Message}); retried at the next connection");
        }
    }

    /// <summary>The operations centre's store acknowledgement: {"rig": "...", "highestStoredSequence": N}.</summary>
    internal void OnStoreAck(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.TryGetProperty("highestStoredSequence", out var value) && value.TryGetInt64(out var sequence))
            {
                Counters.Add("store_acks");
                Outbox.Acknowledge(sequence);
            }
        }
        catch (JsonException)
        {
            Counters.Add("store_acks_malformed");
        }
    }

    private async Task PublishTelemetryAsync(CancellationToken cancellationToken)
    {
        // Each stream is decimated where it is built (positions, machine and drone state at their own rates); this
        // loop only has to run as often as the fastest of them so none is held back to another's rate.
        var rates = _options.Telemetry;
        var period = TimeSpan.FromSeconds(1 / Math.Max(rates.PositionHz, Math.Max(rates.MachineHz, rates.DroneHz)));
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            // During an outage nothing is taken: each stream keeps only its latest value (bounded, latest wins).
            if (!Client.IsConnected)
            {
                continue;
            }

            foreach (var (stream, payload) in Telemetry.TakeAll())
            {
                Fire($"{_options.TopicRoot}/{stream}", payload, MqttQos.AtMostOnce, retain: false);
                Counters.Add("telemetry_published");
            }
        }
    }

    private async Task PublishStatusLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, 1 / _options.Telemetry.StatusHz)));
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!Client.IsConnected)
            {
                continue;
            }

            foreach (var (name, source) in _sources)
            {
                PublishDeviceStatus(name, source);
            }

            Fire(_options.TopicRoot + "/health", HealthJson(), MqttQos.AtMostOnce, retain: true);
        }
    }

    private void PublishDeviceStatus(string name, ReconnectingSource source)
    {
        if (!Client.IsConnected)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("device", name);
            json.WriteString("state", source.State.ToString().ToLowerInvariant());
            json.WriteString("utc", _clock.Utc.GetUtcNow());
            if (source.Counters.LastByteAge is { } age)
            {
                json.WriteNumber("lastByteAgeMs", (long)age.TotalMilliseconds);
            }

            json.WriteNumber("bytes", source.Counters.BytesRead);
            json.WriteNumber("frames", source.Counters.Framing.Frames);
            json.WriteNumber("rejected", source.Counters.Framing.RejectedTotal);
            json.WriteNumber("reopens", source.Counters.Reopens);
            json.WriteNumber("stalls", source.Counters.Stalls);
            if (source.LastError is { } error)
            {
                json.WriteString("lastError", error);
            }

            json.WriteEndObject();
        }

        Fire($"{_options.TopicRoot}/devices/{name}/status", buffer.WrittenSpan.ToArray(), MqttQos.AtLeastOnce, retain: true);
    }

    private byte[] HealthJson()
    {
        var s = Outbox.GetStats();
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("utc", _clock.Utc.GetUtcNow());
            json.WriteStartObject("outbox");
            json.WriteNumber("nextSequence", s.NextSequence);
            json.WriteNumber("acknowledged", s.AckedSequence);
            json.WriteNumber("pending", s.Pending);
            json.WriteNumber("bytes", s.TotalBytes);
            if (s.OldestPendingUnixMs > 0)
            {
                json.WriteNumber("oldestPendingAgeSeconds", Math.Max(0, (_clock.Utc.GetUtcNow().ToUnixTimeMilliseconds() - s.OldestPendingUnixMs) / 1000.0));
            }

            json.WriteNumber("dropped", s.Dropped);
            json.WriteNumber("refused", s.Refused);
            json.WriteNumber("lostToCorruption", s.LostToCorruption);
            json.WriteNumber("quarantinedRegions", s.QuarantinedRegions);
            json.WriteNumber("tailSequencesSkipped", s.TailSequencesSkipped);
            json.WriteEndObject();
            json.WriteNumber("detectionsPublished", Counters.Get("detections_published"));
            json.WriteNumber("detectionsAcknowledged", Counters.Get("detections_acknowledged"));
            json.WriteNumber("telemetrySuperseded", Counters.Get("telemetry_superseded"));
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void RegisterGauges(DetectionPublisher publisher)
    {
        Counters.Gauge("outbox_pending", () => Outbox.GetStats().Pending);
        Counters.Gauge("outbox_bytes", () => Outbox.GetStats().TotalBytes);
        Counters.Gauge("outbox_dropped", () => Outbox.GetStats().Dropped);
        Counters.Gauge("outbox_refused", () => Outbox.GetStats().Refused);
        Counters.Gauge("outbox_lost_to_corruption", () => Outbox.GetStats().LostToCorruption);
        Counters.Gauge("outbox_quarantined_bytes", () => Outbox.GetStats().QuarantinedBytes);
        Counters.Gauge("outbox_acknowledged_sequence", () => Outbox.GetStats().AckedSequence);
        Counters.Gauge("broker_acknowledged_sequence", () => publisher.BrokerAcknowledged);
        Counters.Gauge("telemetry_buffered_streams", () => Telemetry.Count);
        Counters.Gauge("mqtt_connected", () => Client.IsConnected ? 1 : 0);
        foreach (var (name, source) in _sources)
        {
            Counters.Gauge("device_up", () => source.State == SourceState.Up ? 1 : 0, name);
            Counters.Gauge("device_bytes", () => source.Counters.BytesRead, name);
            Counters.Gauge("device_frames", () => source.Counters.Framing.Frames, name);
            Counters.Gauge("device_rejected", () => source.Counters.Framing.RejectedTotal, name);
            Counters.Gauge("device_last_byte_age_seconds", () => source.Counters.LastByteAge?.TotalSeconds ?? -1, name);
        }
    }

    private async Task WaitForPublishedAsync(DetectionPublisher publisher, CancellationToken cancellationToken)
    {
        try
        {
            while (Client.IsConnected && publisher.BrokerAcknowledged < Outbox.GetStats().DurableSequence)
            {
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            _log($"shutdown: {Outbox.GetStats().Pending} detections not yet acknowledged stay in the outbox for the next start");
        }
    }

    /// <summary>Publishes without blocking the caller; failures are counted (telemetry/status are re-sent periodically).</summary>
    private void Fire(string topic, byte[] payload, MqttQos qos, bool retain)
    {
        _ = FireAsync();

        async Task FireAsync()
        {
            try
            {
                await Client.PublishAsync(topic, payload, qos, retain).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or MqttConnectException or InvalidOperationException)
            {
                Counters.Add("mqtt_publish_failures");
            }
        }
    }
}
