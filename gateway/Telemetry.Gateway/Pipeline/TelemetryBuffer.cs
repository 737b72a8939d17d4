using System.Collections.Concurrent;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// Telemetry between decoders and the QoS 0 publisher: one slot per stream (topic suffix), latest wins. Bounded by the
/// number of streams, so an outage of any length costs no memory growth; superseded values are counted. Each stream
/// is decimated where it is built (positions at PositionHz, machine/drone state at MachineHz/DroneHz); the publisher
/// takes whatever is new at the fastest of those rates.
/// </summary>
internal sealed class TelemetryBuffer(GatewayCounters counters)
{
    private readonly ConcurrentDictionary<string, byte[]> _latest = new(StringComparer.Ordinal);

    public void Offer(string stream, byte[] payload)
    {
        var superseded = false;
        _latest.AddOrUpdate(stream, payload, (_, _) =>
        {
            superseded = true;
            return payload;
        });
        counters.Add("telemetry_offered");
        if (superseded)
        {
            counters.Add("telemetry_superseded");
        }
    }

    /// <summary>Takes every stream's latest value (each at most once).</summary>
    public List<(string Stream, byte[] Payload)> TakeAll()
    {
        var taken = new List<(string, byte[])>();
        foreach (var key in _latest.Keys)
        {
            if (_latest.TryRemove(key, out var payload))
            {
                taken.Add((key, payload));
            }
        }

        return taken;
    }

    public int Count => _latest.Count;
}
