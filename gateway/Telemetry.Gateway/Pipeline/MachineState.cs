using System.Buffers;
using System.Text.Json;
using Telemetry.Protocols.J1939;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// The latest value of every J1939 parameter a machine has sent (engine, fuel, tiller, position), as the machine
/// telemetry payload (docs/schemas/telemetry.schema.json, type "machine"). Parameters never seen are absent, never 0.
/// Owned by one device loop.
/// </summary>
internal sealed class MachineState
{
    private readonly SortedDictionary<string, (double Value, string Unit)> _values = new(StringComparer.Ordinal);

    public void Set(J1939Parameter parameter, double value) => _values[parameter.Name] = (value, parameter.Unit);

    public bool TryGet(string name, out double value)
    {
        var found = _values.TryGetValue(name, out var entry);
        value = entry.Value;
        return found;
    }

    public byte[] ToJson(string device, DateTimeOffset utc)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "machine");
            json.WriteString("device", device);
            json.WriteString("utc", utc);
            json.WriteStartObject("values");
            foreach (var (name, (value, _)) in _values)
            {
                // VP latitude/longitude need 1e-7 degrees; everything else is well served by 3 decimals.
                json.WriteNumber(name, Math.Round(value, name is "latitude" or "longitude" ? 7 : 3));
            }

            json.WriteEndObject();
            json.WriteStartObject("units");
            foreach (var (name, (_, unit)) in _values)
            {
                if (unit.Length > 0)
                {
                    json.WriteString(name, unit);
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
