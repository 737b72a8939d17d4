using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// Per-stage counters (bytes → frames → rejected → geotagged → queued → published → acknowledged, plus drops), kept as
/// plain 64-bit counters and exported twice: as System.Diagnostics.Metrics instruments (meter "Telemetry.Gateway") and
/// in Prometheus text format on the local health endpoint.
/// </summary>
internal sealed class GatewayCounters : IDisposable
{
    private readonly ConcurrentDictionary<(string Name, string Device), StrongBox> _counters = new();
    private readonly ConcurrentDictionary<(string Name, string Device), Func<double>> _gauges = new();
    private readonly Meter _meter = new("Telemetry.Gateway");

    public void Add(string name, long value = 1, string device = "")
    {
        var box = _counters.GetOrAdd((name, device), key =>
        {
            var created = new StrongBox();
            _meter.CreateObservableCounter(
                "telemetry_" + key.Name,
                () => new Measurement<long>(Interlocked.Read(ref created.Value), DeviceTag(key.Device)));
            return created;
        });
        Interlocked.Add(ref box.Value, value);
    }

    public long Get(string name, string device = "") =>
        _counters.TryGetValue((name, device), out var box) ? Interlocked.Read(ref box.Value) : 0;

    public void Gauge(string name, Func<double> read, string device = "")
    {
        if (_gauges.TryAdd((name, device), read))
        {
            _meter.CreateObservableGauge("telemetry_" + name, () => new Measurement<double>(read(), DeviceTag(device)));
        }
    }

    /// <summary>Prometheus text exposition format 0.0.4.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        foreach (var group in _counters.OrderBy(c => c.Key.Name, StringComparer.Ordinal).ThenBy(c => c.Key.Device, StringComparer.Ordinal).GroupBy(c => c.Key.Name))
        {
            text.Append("# TYPE telemetry_").Append(group.Key).Append("_total counter\n");
            foreach (var c in group)
            {
                Line(text, group.Key + "_total", c.Key.Device, Interlocked.Read(ref c.Value.Value));
            }
        }

        foreach (var group in _gauges.OrderBy(c => c.Key.Name, StringComparer.Ordinal).GroupBy(c => c.Key.Name))
        {
            text.Append("# TYPE telemetry_").Append(group.Key).Append(" gauge\n");
            foreach (var g in group)
            {
                Line(text, group.Key, g.Key.Device, g.Value());
            }
        }

        return text.ToString();
    }

    public void Dispose() => _meter.Dispose();

    private static void Line(StringBuilder text, string name, string device, double value)
    {
        text.Append("telemetry_").Append(name);
        if (device.Length > 0)
        {
            text.Append("{device=\"").Append(device.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"}");
        }

        text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    private static KeyValuePair<string, object?>[] DeviceTag(string device) =>
        device.Length == 0 ? [] : [new("device", device)];

    private sealed class StrongBox
    {
        public long Value;
    }
}
