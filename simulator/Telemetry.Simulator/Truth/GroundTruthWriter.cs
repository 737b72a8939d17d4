using System.Globalization;
using System.Text.Json;
using Telemetry.Simulator.Core;

namespace Telemetry.Simulator.Truth;

/// <summary>
/// Writes ground truth as one GeoJSON FeatureCollection (RFC 7946: [lon, lat] WGS 84). Feature "type"s in
/// properties.feature: "item", "alarm", "mark", "detonation", "drone_detection", "track". Faults and run metadata
/// are foreign members of the collection. Documented in simulator/README.md.
/// </summary>
internal static class GroundTruthWriter
{
    public static void Write(GroundTruth truth, RunInfo run, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        var frame = truth.Frame;
        var zone = Utm.ZoneOf(frame.Origin.Lon);
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteStartObject("run");
        w.WriteString("scenario", run.Scenario);
        w.WriteNumber("seed", run.Seed);
        w.WriteString("start", run.Start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteNumber("duration_s", run.DurationSeconds);
        w.WriteNumber("origin_lat", frame.Origin.Lat);
        w.WriteNumber("origin_lon", frame.Origin.Lon);
        w.WriteString("utm_zone", string.Create(CultureInfo.InvariantCulture, $"{zone}N"));
        w.WriteEndObject();

        w.WriteStartArray("faults");
        foreach (var (time, kind, device, detail) in truth.Faults)
        {
            w.WriteStartObject();
            w.WriteNumber("t", Math.Round(time, 3));
            w.WriteString("time", Iso(run.Start, time));
            w.WriteString("kind", kind);
            if (device is not null)
            {
                w.WriteString("device", device);
            }

            w.WriteString("detail", detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("features");
        foreach (var item in truth.Field.Items)
        {
            var geo = frame.ToGeo(item.Position, frame.Origin.Alt);
            var (easting, northing) = Utm.Forward(geo.Lat, geo.Lon, zone);
            StartPoint(w, geo);
            w.WriteString("feature", "item");
            w.WriteNumber("id", item.Id);
            w.WriteString("class", item.Class.ToString());
            w.WriteString("model", item.Kind.Model);
            w.WriteBoolean("hazard", item.IsHazard);
            w.WriteString("area", item.Area);
            w.WriteNumber("depth_cm", Math.Round(item.DepthM * 100, 1));
            w.WriteNumber("metal_g", Math.Round(item.MetalGrams, 2));
            w.WriteNumber("east_m", Math.Round(item.Position.East, 3));
            w.WriteNumber("north_m", Math.Round(item.Position.North, 3));
            w.WriteNumber("utm_e", Math.Round(easting, 3));
            w.WriteNumber("utm_n", Math.Round(northing, 3));
            if (truth.PassedOver.TryGetValue(item.Id, out var passes))
            {
                w.WriteStartObject("passed_over");
                foreach (var (sensor, time) in passes.OrderBy(p => p.Key))
                {
                    w.WriteNumber(SensorName(sensor), Math.Round(time, 3));
                }

                w.WriteEndObject();
            }

            if (truth.Destroyed.TryGetValue(item.Id, out var destroyed))
            {
                w.WriteString("destroyed", destroyed.Detonated ? "detonated" : "broken_up");
                w.WriteNumber("destroyed_t", Math.Round(destroyed.Time, 3));
            }

            if (truth.Excavated.TryGetValue(item.Id, out var excavated))
            {
                w.WriteNumber("excavated_t", Math.Round(excavated, 3));
            }

            EndFeature(w);
        }

        foreach (var e in truth.Events)
        {
            StartPoint(w, frame.ToGeo(e.Position, frame.Origin.Alt));
            w.WriteString("feature", EventName(e.Kind));
            w.WriteNumber("id", e.Id);
            w.WriteString("device", e.Device);
            w.WriteString("sensor", SensorName(e.Sensor));
            w.WriteNumber("t", Math.Round(e.Time, 4));
            w.WriteString("time", Iso(run.Start, e.Time));
            if (e.ItemId is { } itemId)
            {
                w.WriteNumber("item_id", itemId);
                w.WriteString("item_class", e.ItemClass);
            }
            else
            {
                w.WriteNull("item_id");
            }

            if (e.EndTime is { } end)
            {
                w.WriteNumber("end_t", Math.Round(end, 4));
            }

            if (e.PeakTime is { } peak && e.PeakPosition is { } peakPosition)
            {
                var p = frame.ToGeo(peakPosition, frame.Origin.Alt);
                w.WriteNumber("peak_t", Math.Round(peak, 4));
                w.WriteNumber("peak_lat", Math.Round(p.Lat, 9));
                w.WriteNumber("peak_lon", Math.Round(p.Lon, 9));
            }

            EndFeature(w);
        }

        foreach (var (rig, points) in truth.Tracks)
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteStartObject("geometry");
            w.WriteString("type", "LineString");
            w.WriteStartArray("coordinates");
            foreach (var point in points)
            {
                WriteCoordinates(w, frame.ToGeo(point.Position, frame.Origin.Alt));
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("feature", "track");
            w.WriteString("rig", rig);
            w.WriteStartArray("t");
            foreach (var point in points)
            {
                w.WriteNumberValue(Math.Round(point.Time, 3));
            }

            w.WriteEndArray();
            w.WriteStartArray("working");
            foreach (var point in points)
            {
                w.WriteBooleanValue(point.Working);
            }

            w.WriteEndArray();
            EndFeature(w);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static string SensorName(SensorKind sensor) => sensor switch
    {
        SensorKind.Detector => "detector",
        SensorKind.Mematt => "mematt",
        _ => "drone",
    };

    private static string EventName(TruthEventKind kind) => kind switch
    {
        TruthEventKind.Alarm => "alarm",
        TruthEventKind.Mark => "mark",
        TruthEventKind.Detonation => "detonation",
        _ => "drone_detection",
    };

    private static string Iso(DateTimeOffset start, double t) =>
        start.UtcDateTime.AddTicks((long)Math.Round(t * TimeSpan.TicksPerSecond)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void StartPoint(Utf8JsonWriter w, GeoPoint p)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteStartObject("geometry");
        w.WriteString("type", "Point");
        w.WritePropertyName("coordinates");
        WriteCoordinates(w, p);
        w.WriteEndObject();
        w.WriteStartObject("properties");
    }

    private static void EndFeature(Utf8JsonWriter w)
    {
        w.WriteEndObject();
        w.WriteEndObject();
    }

    // 9 decimals of a degree ≈ 0.1 mm: truth must be finer than the centimetre errors it scores.
    private static void WriteCoordinates(Utf8JsonWriter w, GeoPoint p)
    {
        w.WriteStartArray();
        w.WriteNumberValue(Math.Round(p.Lon, 9));
        w.WriteNumberValue(Math.Round(p.Lat, 9));
        w.WriteEndArray();
    }
}

/// <summary>Run metadata written with the ground truth.</summary>
internal sealed record RunInfo(string Scenario, ulong Seed, DateTimeOffset Start, double DurationSeconds);
