using System.Buffers;
using System.Text.Json;
using Telemetry.Geo.Gnss;
using Telemetry.Protocols.Detector;

namespace Telemetry.Gateway.Pipeline;

/// <summary>Telemetry payloads (docs/schemas/telemetry.schema.json). Small, QoS 0, allocation is acceptable here.</summary>
internal static class TelemetryJson
{
    public static byte[] Position(string device, in GnssFix fix)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "position");
            json.WriteString("device", device);
            json.WriteString("utc", GnssFix.FromUtcNs(fix.UtcNs));
            json.WriteNumber("lat", Math.Round(fix.Latitude, 9));
            json.WriteNumber("lon", Math.Round(fix.Longitude, 9));
            json.WriteNumber("altMsl", Math.Round(fix.AltitudeMsl, 3));
            json.WriteString("fix", fix.FixType.JsonName());
            json.WriteNumber("satellites", fix.Satellites);
            json.WriteNumber("hdop", fix.Hdop);
            if (fix.SigmaLatitude > 0)
            {
                json.WriteNumber("sigmaLat", fix.SigmaLatitude);
                json.WriteNumber("sigmaLon", fix.SigmaLongitude);
            }

            if (double.IsFinite(fix.SpeedMps))
            {
                json.WriteNumber("speedMps", Math.Round(fix.SpeedMps, 3));
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] DetectorStatus(string device, in DetectorStatus status, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "detector-status");
            json.WriteString("device", device);
            json.WriteString("utc", now);
            json.WriteNumber("deviceId", status.DeviceId);
            if (status.BatteryPercent is { } percent)
            {
                json.WriteNumber("batteryPercent", percent);
            }

            if (status.BatteryVolts is { } volts)
            {
                json.WriteNumber("batteryVolts", volts);
            }

            if (status.FaultMask is { } faults)
            {
                json.WriteNumber("faultMask", faults);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] DetectorFault(string device, in DetectorFault fault, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "detector-fault");
            json.WriteString("device", device);
            json.WriteString("utc", now);
            json.WriteString("code", fault.Code.ToString());
            json.WriteBoolean("active", fault.Edge == DetectorEdge.Onset);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
