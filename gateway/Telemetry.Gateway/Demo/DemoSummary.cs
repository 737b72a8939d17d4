using System.Text.Json;
using Telemetry.Simulator.Core;
using Telemetry.Simulator.Truth;

namespace Telemetry.Gateway.Demo;

/// <summary>What the demo proves: every simulated detection published, received once, placed within its accuracy.</summary>
internal sealed record DemoSummary
{
    public required double SimulatedSeconds { get; init; }

    public required double WallSeconds { get; init; }

    public required string Broker { get; init; }

    public required int Simulated { get; init; }

    public required long Stored { get; init; }

    public required long Published { get; init; }

    public required long Acknowledged { get; init; }

    public required int Received { get; init; }

    public required long Duplicates { get; init; }

    public required long OutOfOrder { get; init; }

    public required int Lost { get; init; }

    public required int WithinStatedAccuracy { get; init; }

    public required double GeotagErrorP50M { get; init; }

    public required double GeotagErrorP95M { get; init; }

    public required double GeotagErrorMaxM { get; init; }

    public required string OutputDirectory { get; init; }

    /// <summary>Which detections were simulated, by truth kind, for the per-kind summary.</summary>
    public IReadOnlyList<string> Rigs { get; init; } = [];

    /// <summary>Per-kind results (alarm, mark, detonation, drone anomaly).</summary>
    public IReadOnlyList<KindScore> Kinds { get; init; } = [];

    /// <summary>
    /// Matches each truth event to the received record of the same device and kind class closest in time (within 1 s):
    /// alarm ↔ metal/gpr/dual/alarm, mark ↔ operator-mark, detonation ↔ detonation, drone detection ↔ drone-anomaly;
    /// measures the horizontal distance between the record's position and the truth, per kind.
    /// </summary>
    public static List<KindScore> Score(
        IReadOnlyList<TruthEvent> truth, IReadOnlyCollection<ReceivedDetection> received, DateTimeOffset start, LocalFrame frame, IEnumerable<TruthEventKind>? expected = null)
    {
        var unused = received.ToList();
        var scores = new List<KindScore>();
        // Every kind the followed rigs can produce is listed, also when none happened in this run (0 simulated).
        foreach (var kind in truth.Select(t => t.Kind).Concat(expected ?? []).Distinct().Order())
        {
            var errors = new List<double>();
            var within = 0;
            var matched = 0;
            var events = truth.Where(t => t.Kind == kind).ToList();
            foreach (var t in events)
            {
                var when = start.AddSeconds(t.Time);
                var best = unused
                    .Where(r => r.Device == t.Device && Matches(kind, r.Kind))
                    .Select(r => (r, dt: Math.Abs((r.Utc - when).TotalSeconds)))
                    .Where(x => x.dt <= 1.0)
                    .OrderBy(x => x.dt)
                    .Select(x => x.r)
                    .FirstOrDefault();
                if (best is null)
                {
                    continue;
                }

                unused.Remove(best);
                matched++;
                if (double.IsFinite(best.Lat))
                {
                    var error = frame.ToLocal(best.Lat, best.Lon).DistanceTo(t.Position);
                    errors.Add(error);
                    if (error <= best.AccuracyM)
                    {
                        within++;
                    }
                }
            }

            errors.Sort();
            var receivedOfKind = received.Count(r => Matches(kind, r.Kind));
            scores.Add(new KindScore(KindName(kind), events.Count, receivedOfKind, matched, within, errors));
        }

        return scores;
    }

    private static bool Matches(TruthEventKind kind, string recordKind) => kind switch
    {
        TruthEventKind.Alarm => recordKind is "metal" or "gpr" or "dual" or "alarm",
        TruthEventKind.Mark => recordKind == "operator-mark",
        TruthEventKind.Detonation => recordKind == "detonation",
        _ => recordKind == "drone-anomaly",
    };

    private static string KindName(TruthEventKind kind) => kind switch
    {
        TruthEventKind.Alarm => "alarm",
        TruthEventKind.Mark => "mark",
        TruthEventKind.Detonation => "detonation",
        _ => "drone-anomaly",
    };

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    public void WriteJson(Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("simulatedSeconds", SimulatedSeconds);
        json.WriteNumber("wallSeconds", Math.Round(WallSeconds, 1));
        json.WriteString("broker", Broker);
        json.WriteNumber("simulated", Simulated);
        json.WriteNumber("stored", Stored);
        json.WriteNumber("published", Published);
        json.WriteNumber("acknowledged", Acknowledged);
        json.WriteNumber("received", Received);
        json.WriteNumber("duplicates", Duplicates);
        json.WriteNumber("outOfOrder", OutOfOrder);
        json.WriteNumber("lost", Lost);
        json.WriteNumber("withinStatedAccuracy", WithinStatedAccuracy);
        WriteNumberOrNull(json, "geotagErrorP50M", GeotagErrorP50M);
        WriteNumberOrNull(json, "geotagErrorP95M", GeotagErrorP95M);
        WriteNumberOrNull(json, "geotagErrorMaxM", GeotagErrorMaxM);
        json.WriteStartArray("rigs");
        foreach (var rig in Rigs)
        {
            json.WriteStringValue(rig);
        }

        json.WriteEndArray();
        json.WriteStartObject("kinds");
        foreach (var k in Kinds)
        {
            json.WriteStartObject(k.Kind);
            json.WriteNumber("simulated", k.Simulated);
            json.WriteNumber("received", k.Received);
            json.WriteNumber("lost", k.Simulated - k.Matched);
            json.WriteNumber("withinStatedAccuracy", k.Within);
            WriteNumberOrNull(json, "geotagErrorP50M", Percentile(k.Errors, 0.50));
            WriteNumberOrNull(json, "geotagErrorP95M", Percentile(k.Errors, 0.95));
            WriteNumberOrNull(json, "geotagErrorMaxM", k.Errors.Count > 0 ? k.Errors[^1] : double.NaN);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteString("outputDirectory", OutputDirectory);
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}

/// <summary>One detection kind's result: simulated (truth), received (records of that kind), matched, within accuracy.</summary>
internal sealed record KindScore(string Kind, int Simulated, int Received, int Matched, int Within, List<double> Errors)
{
    public int Lost => Simulated - Matched;
}
