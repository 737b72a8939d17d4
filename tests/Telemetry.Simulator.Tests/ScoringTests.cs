using System.Globalization;
using System.Text.Json;
using Telemetry.Simulator.Scoring;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Tests;

public sealed class ScoringTests
{
    [Fact]
    public void Detections_at_the_true_alarm_positions_score_full_recall_precision_and_their_known_offsets()
    {
        var directory = Directory.CreateTempSubdirectory("sim-score-");
        try
        {
            var scenario = Worlds.DeminerLane(apDensity: 1.0);
            var (runner, _) = SimRuns.Run(scenario, 21, scenario.DurationSeconds);
            using (runner)
            {
                var truthPath = Path.Combine(directory.FullName, "truth.geojson");
                using (var file = File.Create(truthPath))
                {
                    runner.WriteGroundTruth(file);
                }

                // Every alarm reported once: odd ones exactly where the head was, even ones 0.3 m east of it
                // with a float fix; one mark; and one stray detection 20 m away at a time nothing happened.
                var alarms = runner.Truth.Events.Where(e => e.Kind == TruthEventKind.Alarm).OrderBy(e => e.Time).ToList();
                Assert.True(alarms.Count >= 2);
                var frame = runner.Truth.Frame;
                var lines = new List<string>();
                for (var i = 0; i < alarms.Count; i++)
                {
                    var shifted = i % 2 == 1;
                    var p = frame.ToGeo(new Core.LocalPoint(alarms[i].Position.East + (shifted ? 0.3 : 0), alarms[i].Position.North), 0);
                    lines.Add(Record("metal", "t-d1-detector", scenario.Start.AddSeconds(alarms[i].Time), p.Lat, p.Lon, shifted ? "rtk_float" : "rtk_fixed"));
                }

                var mark = runner.Truth.Events.First(e => e.Kind == TruthEventKind.Mark);
                var m = frame.ToGeo(mark.Position, 0);
                lines.Add(Record("operator-mark", "t-d1-detector", scenario.Start.AddSeconds(mark.Time), m.Lat, m.Lon, "rtk_fixed"));
                var stray = frame.ToGeo(new Core.LocalPoint(20, 20), 0);
                lines.Add(Flat("metal", scenario.Start.AddSeconds(scenario.DurationSeconds + 100), stray.Lat, stray.Lon, "autonomous"));
                var detectionsPath = Path.Combine(directory.FullName, "detections.jsonl");
                File.WriteAllLines(detectionsPath, lines);

                var report = Scorer.Score(truthPath, detectionsPath);
                var detector = Assert.Single(report.Sensors);
                Assert.Equal("detector", detector.Sensor);
                Assert.Equal(1.0, detector.Recall);
                Assert.Equal(alarms.Count + 1, detector.Detections);
                Assert.Equal(alarms.Count, detector.DetectionsOnHazards);
                Assert.Equal((double)alarms.Count / (alarms.Count + 1), detector.Precision);

                var fixedErrors = report.Geotags.Single(g => g.Fix == "rtk_fixed");
                Assert.Equal((alarms.Count + 1) / 2 + 1, fixedErrors.Matched);
                Assert.True(fixedErrors.MaxM < 0.001);
                var floatErrors = report.Geotags.Single(g => g.Fix == "rtk_float");
                Assert.Equal(alarms.Count / 2, floatErrors.Matched);
                Assert.InRange(floatErrors.P50M!.Value, 0.299, 0.301);
                Assert.InRange(floatErrors.P95M!.Value, 0.299, 0.301);
                var autonomous = report.Geotags.Single(g => g.Fix == "autonomous");
                Assert.Equal(1, autonomous.Unmatched);
                Assert.Null(autonomous.P50M);

                var table = Scorer.ToTable(report);
                Assert.Contains("rtk_float", table, StringComparison.Ordinal);
                using var json = new MemoryStream();
                Scorer.WriteJson(report, json);
                using var parsed = JsonDocument.Parse(json.ToArray());
                Assert.Equal(1.0, parsed.RootElement.GetProperty("sensors")[0].GetProperty("recall").GetDouble());
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_malformed_detection_line_is_reported_with_its_number()
    {
        var directory = Directory.CreateTempSubdirectory("sim-score-");
        try
        {
            var scenario = Worlds.DeminerLane(0.5);
            var (runner, _) = SimRuns.Run(scenario, 2, 5);
            using (runner)
            {
                var truthPath = Path.Combine(directory.FullName, "truth.geojson");
                using (var file = File.Create(truthPath))
                {
                    runner.WriteGroundTruth(file);
                }

                var detectionsPath = Path.Combine(directory.FullName, "d.jsonl");
                File.WriteAllLines(detectionsPath, [Flat("metal", scenario.Start, 39.993, 46.93, "rtk_fixed"), "", """{"kind":"metal"}"""]);
                var e = Assert.Throws<Scenarios.ScenarioException>(() => Scorer.Score(truthPath, detectionsPath));
                Assert.Contains("d.jsonl:3", e.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The gateway's detection record shape (telemetry.detection/1), reduced to the fields scoring reads.</summary>
    private static string Record(string kind, string device, DateTimeOffset time, double lat, double lon, string fix) =>
        string.Create(CultureInfo.InvariantCulture,
            $$$"""{"schema":"telemetry.detection/1","device":"{{{device}}}","kind":"{{{kind}}}","time":{"utc":"{{{time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}}}"},"position":{"status":"interpolated","fix_type":"{{{fix}}}","lat":{{{lat:R}}},"lon":{{{lon:R}}}}}""");

    private static string Flat(string kind, DateTimeOffset time, double lat, double lon, string fix) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"kind":"{{kind}}","time":"{{time.UtcDateTime:O}}","lat":{{lat:R}},"lon":{{lon:R}},"fix":"{{fix}}"}""");
}
