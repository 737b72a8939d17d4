using Telemetry.Drivers.Sources;

namespace Telemetry.Drivers.Serial;

/// <summary>Opens a serial port by path (resolving /dev/serial/by-id links afresh on every open).</summary>
internal sealed class SerialConnector(string path, SerialOptions options) : IConnector
{
    public string Endpoint => path;

    public bool Reconnects => true;

    public IByteConnection Open(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return SerialPortConnection.Open(path, options);
    }
}
