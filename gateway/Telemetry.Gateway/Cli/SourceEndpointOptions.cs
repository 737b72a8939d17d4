using Telemetry.Drivers.Serial;
using Telemetry.Drivers.Sources;

namespace Telemetry.Gateway.Cli;

/// <summary>Shared by record and replay: open an endpoint and report its state changes on stderr.</summary>
internal static class SourceEndpointOptions
{
    public static ReconnectingSource OpenReporting(string endpoint, int baud)
    {
        var source = ByteSources.Open(endpoint, new SerialOptions { BaudRate = baud });
        source.StateChanged += (_, e) => Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {source.Endpoint}: {e.Current} — {e.Reason}");
        return source;
    }
}
