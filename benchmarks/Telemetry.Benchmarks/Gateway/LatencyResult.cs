using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Telemetry.Benchmarks.Gateway;

/// <summary>
/// Percentiles of one latency run, in milliseconds. <c>Total</c> is byte→subscriber (the figure);
/// <c>EpochWait</c> is the inherent part: from the alarm's last byte to the last byte of the GNSS epoch after it, which
/// the geotagger needs to interpolate (≤ 100 ms at 10 Hz); <c>Gateway</c> is the rest, from whichever came later to
/// the subscriber (decode, geotag, outbox write + fsync, publish, broker, subscriber).
/// </summary>
internal sealed record LatencyResult
{
    public required string Label { get; init; }

    public required LatencySettings Settings { get; init; }

    public int Alarms { get; init; }

    public int Matched { get; init; }

    public int Lost { get; init; }

    public int Duplicates { get; init; }

    public required Percentiles Total { get; init; }

    public required Percentiles EpochWait { get; init; }

    public required Percentiles Gateway { get; init; }

    public double WallSeconds { get; init; }

    public double GatewayCpuPercent { get; init; }

    public string LoadAverage { get; init; } = "";

    public static LatencyResult Compute(
        LatencySettings settings, List<LatencyFeed> feeds, ConcurrentQueue<(long At, byte[] Payload)> received, double wall, double cpuSeconds, string load)
    {
        var byName = feeds.ToDictionary(f => f.Name + "-detector", StringComparer.Ordinal);
        var seen = new HashSet<(string, int)>();
        List<double> total = [], wait = [], gateway = [];
        var duplicates = 0;
        foreach (var (at, payload) in received)
        {
            using var doc = JsonDocument.Parse(payload);
            var device = doc.RootElement.GetProperty("device").GetString()!;
            var eventId = doc.RootElement.GetProperty("signal").GetProperty("event_id").GetInt32();
            if (!byName.TryGetValue(device, out var feed) || !feed.AlarmWritten.TryGetValue(eventId, out var written))
            {
                continue;
            }

            if (!seen.Add((device, eventId)))
            {
                duplicates++;
                continue;
            }

            var index = feed.EpochWritten.BinarySearch(written);
            var epoch = index >= 0 ? feed.EpochWritten[index] : ~index < feed.EpochWritten.Count ? feed.EpochWritten[~index] : at;
            total.Add(Ms(at - written));
            wait.Add(Ms(epoch - written));
            gateway.Add(Ms(at - Math.Max(written, epoch)));
        }

        var alarms = feeds.Sum(f => f.Alarms);
        return new LatencyResult
        {
            Label = settings.Label ?? $"{settings.Broker}/{settings.Fsync}",
            Settings = settings,
            Alarms = alarms,
            Matched = seen.Count,
            Lost = alarms - seen.Count,
            Duplicates = duplicates,
            Total = Percentiles.Of(total),
            EpochWait = Percentiles.Of(wait),
            Gateway = Percentiles.Of(gateway),
            WallSeconds = wall,
            GatewayCpuPercent = 100 * cpuSeconds / wall,
            LoadAverage = load,
        };
    }

    public string Report() => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        {Label}: broker {Settings.Broker}, fsync {Settings.Fsync}, outbox under {Settings.OutboxRoot ?? "/tmp"}, {Settings.Deminers} deminers × (GNSS 10 Hz RMC+GST+GGA, detector {Settings.SampleHz} Hz + 1 Hz status), {Settings.AlarmRate:F3} alarms/s per deminer
          alarms {Alarms}, received {Matched}, lost {Lost}, duplicates {Duplicates}, {WallSeconds:F0} s, gateway CPU {GatewayCpuPercent:F1} % of one core, load average {LoadAverage}
          byte→subscriber   {Total}
          epoch wait        {EpochWait}
          gateway+broker    {Gateway}
        """);

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>p50/p95/p99/max of a sample, ms.</summary>
internal readonly record struct Percentiles(double P50, double P95, double P99, double Max, int Count)
{
    public static Percentiles Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return new Percentiles(double.NaN, double.NaN, double.NaN, double.NaN, 0);
        }

        values.Sort();
        return new Percentiles(At(values, 0.50), At(values, 0.95), At(values, 0.99), values[^1], values.Count);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50:F2}  p95 {P95:F2}  p99 {P99:F2}  max {Max:F2} ms  (n={Count})");

    // Nearest-rank percentile: the smallest value with at least q of the sample at or below it.
    private static double At(List<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
