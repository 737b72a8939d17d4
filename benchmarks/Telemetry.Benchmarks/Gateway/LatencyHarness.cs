using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Telemetry.Mqtt;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Benchmarks.Gateway;

/// <summary>
/// Issue 10 §9 latency: from the last byte of a detector alarm written to a pseudo-terminal to an independent MQTT
/// subscriber receiving the geotagged detection. The broker (ours: <c>telemetry broker</c>, or mosquitto) and the gateway
/// (<c>telemetry gateway --config</c>) are separate processes; this process plays the devices and the subscriber, so
/// both instants are read from one Stopwatch. Alarms are matched to detections by (device, adapter event id).
/// <code>dotnet run -c Release --project benchmarks/Telemetry.Benchmarks -- latency [--broker embedded|mosquitto]
///   [--deminers 6] [--alarm-rate 0.333] [--alarms 1000] [--sample-hz 50] [--outbox DIR] [--fsync Always|Batch]</code>
/// </summary>
internal static class LatencyHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = LatencySettings.Parse(args);
        var work = Path.Combine(Path.GetTempPath(), "latency-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var outbox = Path.Combine(settings.OutboxRoot ?? work, "outbox-" + Guid.NewGuid().ToString("N")[..8]);
        var port = HarnessProcesses.FreePort();
        using var broker = HarnessProcesses.StartBroker(settings.Broker, port, work);
        await HarnessProcesses.WaitForPortAsync(port, TimeSpan.FromSeconds(20)).ConfigureAwait(false);

        var start = Stopwatch.GetTimestamp();
        var feeds = Enumerable.Range(1, settings.Deminers)
            .Select(i => new LatencyFeed($"d{i}", work, settings.SampleHz, settings.AlarmRate, 1000 + i, start)).ToList();
        var received = new ConcurrentQueue<(long At, byte[] Payload)>();
        var up = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        await using var subscriber = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = "latency-subscriber",
            MessageHandler = (in MqttPublish message) =>
            {
                var at = Stopwatch.GetTimestamp(); // first thing: the receive instant
                var topic = Encoding.UTF8.GetString(message.Topic);
                if (topic.EndsWith("/detections", StringComparison.Ordinal))
                {
                    received.Enqueue((at, message.Payload.ToArray()));
                }
                else if (topic.EndsWith("/status", StringComparison.Ordinal) && topic.Contains("/devices/", StringComparison.Ordinal))
                {
                    up[topic] = message.Payload.IndexOf("\"up\""u8) >= 0;
                }
            },
        });
        await subscriber.ConnectAsync().ConfigureAwait(false);
        await subscriber.SubscribeAsync(
            [new MqttSubscriptionRequest("demining/v1/+/+/detections", MqttQos.AtLeastOnce), new MqttSubscriptionRequest("demining/v1/+/+/devices/+/status", MqttQos.AtLeastOnce)]).ConfigureAwait(false);

        var config = Path.Combine(work, "gateway.json");
        await File.WriteAllTextAsync(config, GatewayConfig(settings, feeds, port, outbox)).ConfigureAwait(false);
        using var gateway = HarnessProcesses.StartTelemetry(Path.Combine(work, "gateway.log"), "gateway", "--config", config);

        // Devices only count as up once bytes flow, so traffic starts now; alarms wait for every device to be up.
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        var feedStart = Stopwatch.GetTimestamp();
        var alarms = 0;
        var allUp = false;
        var cpuAtStart = 0.0;
        var alarmStart = 0L;
        while (alarms < settings.Alarms && await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            if (!allUp && up.Count == settings.Deminers * 2 && up.Values.All(v => v))
            {
                allUp = true;
                cpuAtStart = HarnessProcesses.CpuSeconds(gateway.Id);
                alarmStart = Stopwatch.GetTimestamp();
                Console.WriteLine($"all {up.Count} devices up after {Stopwatch.GetElapsedTime(feedStart).TotalSeconds:F1} s; writing {settings.Alarms} alarms");
            }

            if (gateway.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited ({gateway.ExitCode}); see {work}/gateway.log");
            }

            var now = Stopwatch.GetElapsedTime(feedStart).TotalSeconds;
            foreach (var feed in feeds)
            {
                if (feed.Step(now, allUp && alarms < settings.Alarms))
                {
                    alarms++;
                }
            }
        }

        // Keep the devices talking (epochs close the last alarms) until every detection arrived or 10 s passed.
        var drain = Stopwatch.StartNew();
        while (received.Count < alarms && drain.Elapsed < TimeSpan.FromSeconds(10) && await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            var now = Stopwatch.GetElapsedTime(feedStart).TotalSeconds;
            foreach (var feed in feeds)
            {
                feed.Step(now, alarmsAllowed: false);
            }
        }

        var wall = Stopwatch.GetElapsedTime(alarmStart).TotalSeconds;
        var cpu = HarnessProcesses.CpuSeconds(gateway.Id) - cpuAtStart;
        var result = LatencyResult.Compute(settings, feeds, received, wall, cpu, File.ReadAllText("/proc/loadavg").Split(' ')[0]);
        HarnessProcesses.Terminate(gateway);
        foreach (var feed in feeds)
        {
            feed.Dispose();
        }

        Console.WriteLine(result.Report());
        if (settings.JsonPath is { } json)
        {
            await File.AppendAllTextAsync(json, JsonSerializer.Serialize(result) + "\n").ConfigureAwait(false);
        }

        Directory.Delete(outbox, recursive: true);
        return result.Lost == 0 ? 0 : 1;
    }

    private static string GatewayConfig(LatencySettings settings, List<LatencyFeed> feeds, int port, string outbox)
    {
        var devices = feeds.SelectMany(f => new[]
        {
            $$"""{ "Name": "{{f.Name}}-gnss", "Kind": "Gnss", "Driver": "Serial", "Endpoint": "{{f.Gnss.DevicePath}}" }""",
            $$"""{ "Name": "{{f.Name}}-detector", "Kind": "Detector", "Driver": "Serial", "Endpoint": "{{f.Detector.DevicePath}}", "PositionFrom": "{{f.Name}}-gnss" }""",
        });
        return $$"""
            {
              "Site": "latency", "Rig": "team-1",
              "Devices": [ {{string.Join(",\n    ", devices)}} ],
              "Broker": { "Host": "127.0.0.1", "Port": {{port}}, "ClientId": "latency-gateway" },
              "Outbox": { "Path": "{{outbox}}", "Fsync": "{{settings.Fsync}}" },
              "Telemetry": { "PositionHz": 1, "StatusHz": 0.2 }
            }
            """;
    }
}

/// <summary>Command-line settings of one latency run.</summary>
internal sealed record LatencySettings
{
    public string Broker { get; init; } = "embedded";

    public int Deminers { get; init; } = 6;

    /// <summary>Alarm onsets per second per detector.</summary>
    public double AlarmRate { get; init; } = 1 / 3.0;

    public int Alarms { get; init; } = 1000;

    public int SampleHz { get; init; } = 50;

    /// <summary>Directory for the outbox (its filesystem decides what fsync costs); default under /tmp.</summary>
    public string? OutboxRoot { get; init; }

    public string Fsync { get; init; } = "Always";

    public string? JsonPath { get; init; }

    public string? Label { get; init; }

    public static LatencySettings Parse(string[] args)
    {
        var s = new LatencySettings();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            var v = args[i + 1];
            s = args[i] switch
            {
                "--broker" => s with { Broker = v },
                "--deminers" => s with { Deminers = int.Parse(v, CultureInfo.InvariantCulture) },
                "--alarm-rate" => s with { AlarmRate = double.Parse(v, CultureInfo.InvariantCulture) },
                "--alarms" => s with { Alarms = int.Parse(v, CultureInfo.InvariantCulture) },
                "--sample-hz" => s with { SampleHz = int.Parse(v, CultureInfo.InvariantCulture) },
                "--outbox" => s with { OutboxRoot = v },
                "--fsync" => s with { Fsync = v },
                "--json" => s with { JsonPath = v },
                "--label" => s with { Label = v },
                _ => throw new ArgumentException($"unknown option {args[i]} (see LatencyHarness)"),
            };
        }

        return s;
    }
}
