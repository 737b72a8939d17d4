using System.Buffers;
using System.Text.Json;
using Telemetry.Protocols.Mavlink.Messages;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// A drone's latest HEARTBEAT, SYS_STATUS, ATTITUDE, GLOBAL_POSITION_INT and GPS_RAW_INT as the drone telemetry payload
/// (docs/schemas/telemetry.schema.json, type "drone"), in SI units. Messages never received are absent. One owner.
/// </summary>
internal sealed class DroneState
{
    public Heartbeat? Heartbeat { get; set; }

    public SysStatus? Status { get; set; }

    public Attitude? Attitude { get; set; }

    public GlobalPositionInt? Position { get; set; }

    public GpsRawInt? Gps { get; set; }

    public byte[] ToJson(string device, DateTimeOffset utc)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "drone");
            json.WriteString("device", device);
            json.WriteString("utc", utc);
            if (Heartbeat is { } h)
            {
                json.WriteBoolean("armed", (h.BaseMode & 0x80) != 0);
                json.WriteNumber("systemStatus", h.SystemStatus);
                json.WriteNumber("customMode", h.CustomMode);
            }

            if (Position is { } p)
            {
                json.WriteNumber("lat", p.Lat * 1e-7);
                json.WriteNumber("lon", p.Lon * 1e-7);
                json.WriteNumber("altMsl", p.Alt / 1000.0);
                json.WriteNumber("altRelative", p.RelativeAlt / 1000.0);
                json.WriteNumber("speedMps", Math.Round(Math.Sqrt((p.Vx * p.Vx) + (p.Vy * p.Vy)) / 100.0, 2));
                if (p.Hdg != ushort.MaxValue)
                {
                    json.WriteNumber("headingDeg", p.Hdg / 100.0);
                }
            }

            if (Gps is { } g)
            {
                json.WriteNumber("gpsFixType", g.FixType);
                json.WriteNumber("satellites", g.SatellitesVisible);
                if (g.HAcc > 0)
                {
                    json.WriteNumber("horizontalAccuracyM", g.HAcc / 1000.0);
                }
            }

            if (Attitude is { } a)
            {
                json.WriteNumber("rollDeg", Math.Round(double.RadiansToDegrees(a.Roll), 2));
                json.WriteNumber("pitchDeg", Math.Round(double.RadiansToDegrees(a.Pitch), 2));
                json.WriteNumber("yawDeg", Math.Round(double.RadiansToDegrees(a.Yaw), 2));
            }

            if (Status is { } s)
            {
                json.WriteNumber("batteryVolts", s.VoltageBattery / 1000.0);
                if (s.BatteryRemaining >= 0)
                {
                    json.WriteNumber("batteryPercent", s.BatteryRemaining);
                }

                if (s.CurrentBattery >= 0)
                {
                    json.WriteNumber("batteryCurrentA", s.CurrentBattery / 100.0);
                }

                json.WriteNumber("commDropPercent", s.DropRateComm / 100.0);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
