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

    /// <summary>
    /// Matches each truth event (alarm onset or mark) to the received record of the same device and class closest in
    /// time (within 1 s), and measures the horizontal distance between the record's position and the truth.
    /// </summary>
    public static (int Matched, int Within, List<double> Errors) Score(
        IReadOnlyList<TruthEvent> truth, IReadOnlyCollection<ReceivedDetection> received, DateTimeOffset start, LocalFrame frame)
    {
        var unused = received.ToList();
        var errors = new List<double>();
        var within = 0;
        var matched = 0;
        foreach (var t in truth)
        {
            var wantMark = t.Kind == TruthEventKind.Mark;
            var when = start.AddSeconds(t.Time);
            var best = unused
                .Where(r => r.Device == t.Device && (r.Kind == "operator-mark") == wantMark)
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
        return (matched, within, errors);
    }

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
