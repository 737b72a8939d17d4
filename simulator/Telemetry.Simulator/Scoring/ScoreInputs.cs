using System.Globalization;
using System.Text.Json;
using Telemetry.Simulator.Core;
using Telemetry.Simulator.Scenarios;

namespace Telemetry.Simulator.Scoring;

/// <summary>A truth item as read back from truth.geojson.</summary>
internal sealed record TruthItem(int Id, string Class, bool Hazard, LocalPoint Position, IReadOnlyDictionary<string, double> PassedOver);

/// <summary>A truth event as read back from truth.geojson.</summary>
internal sealed record TruthPoint(string Feature, string Device, string Sensor, double T, LocalPoint Position);

/// <summary>One detection to score: where and when the gateway says something was detected.</summary>
internal sealed record ScoredDetection(int Line, string Sensor, string Kind, string Fix, string? Device, double T, LocalPoint Position);

/// <summary>Reads the ground truth GeoJSON and the detections JSON lines.</summary>
internal static class ScoreInputs
{
    // Hard caps: a truth file of a long run is tens of MB; a detection line is a few hundred bytes.
    private const long MaxTruthBytes = 512L * 1024 * 1024;
    private const int MaxLineChars = 64 * 1024;

    public static (LocalFrame Frame, DateTimeOffset Start, List<TruthItem> Items, List<TruthPoint> Events) ReadTruth(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ScenarioException($"--truth {path}: no such file; `telemetry sim run --out DIR` writes DIR/truth.geojson.");
        }

        if (info.Length > MaxTruthBytes)
        {
            throw new ScenarioException($"--truth {path}: {info.Length} bytes is over the {MaxTruthBytes}-byte cap.");
        }

        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        if (!root.TryGetProperty("run", out var run))
        {
            throw new ScenarioException($"--truth {path}: no \"run\" member; this is not a simulator ground-truth file.");
        }

        var start = DateTimeOffset.Parse(run.GetProperty("start").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var frame = new LocalFrame(new GeoPoint(run.GetProperty("origin_lat").GetDouble(), run.GetProperty("origin_lon").GetDouble()));
        var items = new List<TruthItem>();
        var events = new List<TruthPoint>();
        foreach (var feature in root.GetProperty("features").EnumerateArray())
        {
            var p = feature.GetProperty("properties");
            var kind = p.GetProperty("feature").GetString();
            if (kind == "track")
            {
                continue;
            }

            var c = feature.GetProperty("geometry").GetProperty("coordinates");
            var position = frame.ToLocal(c[1].GetDouble(), c[0].GetDouble());
            if (kind == "item")
            {
                var passed = new Dictionary<string, double>(StringComparer.Ordinal);
                if (p.TryGetProperty("passed_over", out var po))
                {
                    foreach (var s in po.EnumerateObject())
                    {
                        passed[s.Name] = s.Value.GetDouble();
                    }
                }

                items.Add(new TruthItem(p.GetProperty("id").GetInt32(), p.GetProperty("class").GetString()!, p.GetProperty("hazard").GetBoolean(), position, passed));
            }
            else
            {
                events.Add(new TruthPoint(kind!, p.GetProperty("device").GetString()!, p.GetProperty("sensor").GetString()!, p.GetProperty("t").GetDouble(), position));
            }
        }

        return (frame, start, items, events);
    }

    /// <summary>
    /// Reads detections, one JSON object per line. Accepted shapes: the gateway's detection record
    /// (telemetry.detection/1: kind, device, time.utc, position.lat/lon/fix_type) or a flat record
    /// (kind, device, time, lat, lon, fix). Blank lines are skipped; a bad line is an error naming its number.
    /// </summary>
    public static List<ScoredDetection> ReadDetections(string path, LocalFrame frame, DateTimeOffset start)
    {
        if (!File.Exists(path))
        {
            throw new ScenarioException($"--detections {path}: no such file; give the gateway's detection records as JSON lines.");
        }

        var list = new List<ScoredDetection>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (line.Length > MaxLineChars)
            {
                throw new ScenarioException($"--detections {path}:{number}: line longer than {MaxLineChars} characters.");
            }

            try
            {
                list.Add(ParseDetection(line, number, frame, start));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new ScenarioException($"--detections {path}:{number}: {e.Message} (need kind, time or time.utc, lat/lon or position.lat/lon).", e);
            }
        }

        return list;
    }

    private static ScoredDetection ParseDetection(string line, int number, LocalFrame frame, DateTimeOffset start)
    {
        using var doc = JsonDocument.Parse(line);
        var r = doc.RootElement;
        var kind = r.GetProperty("kind").GetString()!;
        var device = r.TryGetProperty("device", out var d) ? d.GetString() : null;
        var timeElement = r.GetProperty("time");
        var timeText = timeElement.ValueKind == JsonValueKind.Object ? timeElement.GetProperty("utc").GetString()! : timeElement.GetString()!;
        var time = DateTimeOffset.Parse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var where = r.TryGetProperty("position", out var position) ? position : r;
        var lat = where.GetProperty("lat").GetDouble();
        var lon = where.GetProperty("lon").GetDouble();
        var fix = where.TryGetProperty("fix_type", out var f) ? f.GetString()! : r.TryGetProperty("fix", out var g) ? g.GetString()! : "unknown";
        var sensor = r.TryGetProperty("sensor", out var s) ? s.GetString()! : SensorOf(kind, device);
        return new ScoredDetection(number, sensor, kind, fix, device, (time - start).TotalSeconds, frame.ToLocal(lat, lon));
    }

    /// <summary>Sensor family from the record's kind (docs/schemas/detection.schema.json spellings) or device name.</summary>
    internal static string SensorOf(string kind, string? device) => kind switch
    {
        "metal" or "gpr" or "dual" or "operator-mark" => "detector",
        "detonation" => "mematt",
        "drone-anomaly" => "drone",
        _ when device?.EndsWith("-mavlink", StringComparison.Ordinal) == true => "drone",
        _ when device?.EndsWith("-can", StringComparison.Ordinal) == true => "mematt",
        _ => "detector",
    };
}
