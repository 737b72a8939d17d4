using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Telemetry.Simulator.Scoring;

/// <summary>Recall and precision for one sensor family.</summary>
public sealed record SensorScore(string Sensor, int HazardsPassedOver, int HazardsDetected, int Detections, int DetectionsOnHazards, int DetectionsCaused)
{
    /// <summary>Share of the hazards a sensor of this family passed over that got a detection within the radius.</summary>
    public double? Recall => HazardsPassedOver == 0 ? null : (double)HazardsDetected / HazardsPassedOver;

    /// <summary>Share of the detections within the radius of a hazard (clutter alarms count against it).</summary>
    public double? Precision => Detections == 0 ? null : (double)DetectionsOnHazards / Detections;
}

/// <summary>Geotag error for one sensor family and fix type.</summary>
public sealed record GeotagScore(string Sensor, string Fix, int Matched, int Unmatched, double? P50M, double? P95M, double? MaxM);

/// <summary>The result of <c>telemetry sim score</c>.</summary>
public sealed record ScoreReport(double RadiusM, double TimeToleranceSeconds, IReadOnlyList<SensorScore> Sensors, IReadOnlyList<GeotagScore> Geotags);

/// <summary>
/// Scores detections against ground truth. Recall: hazards (AP, AT, UXO) a sensor family passed over that have a
/// detection of that family within the radius. Precision: detections within the radius of a hazard. Geotag error:
/// distance from each detection to the truth event it reports (same kind of event, same device when named, nearest
/// in time within the tolerance), by sensor family and the detection's fix type.
/// </summary>
public static class Scorer
{
    /// <summary>Scores files: truth.geojson from a run and the gateway's detections as JSON lines.</summary>
    public static ScoreReport Score(string truthPath, string detectionsPath, double radiusM = 1.0, double timeToleranceSeconds = 1.0)
    {
        var (frame, start, items, events) = ScoreInputs.ReadTruth(truthPath);
        var detections = ScoreInputs.ReadDetections(detectionsPath, frame, start);
        return Score(items, events, detections, radiusM, timeToleranceSeconds);
    }

    internal static ScoreReport Score(List<TruthItem> items, List<TruthPoint> events, List<ScoredDetection> detections, double radiusM, double tolerance)
    {
        var hazards = items.Where(i => i.Hazard).ToList();
        var sensors = new List<SensorScore>();
        foreach (var sensor in new[] { "detector", "mematt", "drone" })
        {
            // Operator marks repeat an alarm; they are scored for geotag error only.
            var own = detections.Where(d => d.Sensor == sensor && d.Kind != "operator-mark").ToList();
            var passed = hazards.Where(h => h.PassedOver.ContainsKey(sensor)).ToList();
            var detected = passed.Count(h => own.Any(d => d.Position.DistanceTo(h.Position) <= radiusM));
            var onHazards = own.Count(d => hazards.Any(h => h.Position.DistanceTo(d.Position) <= radiusM));
            var caused = own.Count(d => Match(d, events, tolerance) is not null);
            if (own.Count > 0 || passed.Count > 0)
            {
                sensors.Add(new SensorScore(sensor, passed.Count, detected, own.Count, onHazards, caused));
            }
        }

        var geotags = new List<GeotagScore>();
        foreach (var group in detections.GroupBy(d => (d.Sensor, d.Fix)).OrderBy(g => g.Key.Sensor, StringComparer.Ordinal).ThenBy(g => g.Key.Fix, StringComparer.Ordinal))
        {
            var errors = new List<double>();
            var unmatched = 0;
            foreach (var d in group)
            {
                if (Match(d, events, tolerance) is { } truth)
                {
                    errors.Add(d.Position.DistanceTo(truth.Position));
                }
                else
                {
                    unmatched++;
                }
            }

            errors.Sort();
            geotags.Add(new GeotagScore(group.Key.Sensor, group.Key.Fix, errors.Count, unmatched,
                Percentile(errors, 0.50), Percentile(errors, 0.95), errors.Count == 0 ? null : errors[^1]));
        }

        return new ScoreReport(radiusM, tolerance, sensors, geotags);
    }

    /// <summary>A fixed-width text table.</summary>
    public static string ToTable(ScoreReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"Detection (match radius {report.RadiusM} m)");
        s.AppendLine(c, $"{"sensor",-10} {"hazards passed",14} {"detected",9} {"recall",7} {"detections",11} {"on hazard",10} {"precision",10} {"caused",7}");
        foreach (var r in report.Sensors)
        {
            s.AppendLine(c, $"{r.Sensor,-10} {r.HazardsPassedOver,14} {r.HazardsDetected,9} {Pct(r.Recall),7} {r.Detections,11} {r.DetectionsOnHazards,10} {Pct(r.Precision),10} {r.DetectionsCaused,7}");
        }

        s.AppendLine();
        s.AppendLine(c, $"Geotag error, m (truth event within {report.TimeToleranceSeconds} s)");
        s.AppendLine(c, $"{"sensor",-10} {"fix",-15} {"matched",8} {"unmatched",10} {"p50",8} {"p95",8} {"max",8}");
        foreach (var g in report.Geotags)
        {
            s.AppendLine(c, $"{g.Sensor,-10} {g.Fix,-15} {g.Matched,8} {g.Unmatched,10} {M(g.P50M),8} {M(g.P95M),8} {M(g.MaxM),8}");
        }

        return s.ToString();

        static string Pct(double? v) => v is { } x ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";
        static string M(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "-";
    }

    /// <summary>The report as JSON (snake_case names, ratios 0–1, metres).</summary>
    public static void WriteJson(ScoreReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("radius_m", report.RadiusM);
        w.WriteNumber("time_tolerance_s", report.TimeToleranceSeconds);
        w.WriteStartArray("sensors");
        foreach (var r in report.Sensors)
        {
            w.WriteStartObject();
            w.WriteString("sensor", r.Sensor);
            w.WriteNumber("hazards_passed_over", r.HazardsPassedOver);
            w.WriteNumber("hazards_detected", r.HazardsDetected);
            Number(w, "recall", r.Recall);
            w.WriteNumber("detections", r.Detections);
            w.WriteNumber("detections_on_hazards", r.DetectionsOnHazards);
            Number(w, "precision", r.Precision);
            w.WriteNumber("detections_caused", r.DetectionsCaused);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("geotag_error");
        foreach (var g in report.Geotags)
        {
            w.WriteStartObject();
            w.WriteString("sensor", g.Sensor);
            w.WriteString("fix_type", g.Fix);
            w.WriteNumber("matched", g.Matched);
            w.WriteNumber("unmatched", g.Unmatched);
            Number(w, "p50_m", g.P50M);
            Number(w, "p95_m", g.P95M);
            Number(w, "max_m", g.MaxM);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 4));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static TruthPoint? Match(ScoredDetection d, List<TruthPoint> events, double tolerance)
    {
        var feature = d.Kind switch
        {
            "operator-mark" => "mark",
            "detonation" => "detonation",
            "drone-anomaly" => "drone_detection",
            _ => d.Sensor switch
            {
                "mematt" => "detonation",
                "drone" => "drone_detection",
                _ => "alarm",
            },
        };
        // Match on the device too when the truth knows it; a renamed device still matches by sensor family.
        var byDevice = d.Device is not null && events.Any(x => x.Device == d.Device);
        TruthPoint? best = null;
        var bestDt = double.MaxValue;
        foreach (var e in events)
        {
            if (e.Feature != feature || (byDevice && e.Device != d.Device))
            {
                continue;
            }

            var dt = Math.Abs(e.T - d.T);
            if (dt <= tolerance && dt < bestDt)
            {
                best = e;
                bestDt = dt;
            }
        }

        return best;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
