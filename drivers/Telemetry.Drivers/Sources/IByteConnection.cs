namespace Telemetry.Drivers.Sources;

/// <summary>What one blocking read came back with.</summary>
internal enum ReadOutcome
{
    Data,
    TimedOut,
    HungUp,
    EndOfStream,
    Interrupted,
}

/// <summary>One open of a device or socket. Read is called by one thread; Write and Interrupt by others.</summary>
internal interface IByteConnection : IDisposable
{
    /// <summary>Where this open reached, e.g. "/dev/serial/by-id/x → /dev/ttyUSB0".</summary>
    string Description { get; }

    /// <summary>Bytes to offer per read: a datagram source needs room for a whole datagram.</summary>
    int PreferredReadSize => 16 * 1024;

    /// <summary>Waits (event-driven, no polling loop) for bytes, a hang-up, the timeout or <see cref="Interrupt"/>.</summary>
    ReadOutcome Read(Span<byte> buffer, int timeoutMs, out int count, out string reason);

    /// <summary>Writes all of <paramref name="data"/>; throws IOException when the device is gone.</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>Makes a blocked <see cref="Read"/> return <see cref="ReadOutcome.Interrupted"/> promptly.</summary>
    void Interrupt();
}

/// <summary>Opens connections to one endpoint; throws <see cref="SourceOpenException"/> naming the device and the fix.</summary>
internal interface IConnector
{
    string Endpoint { get; }

    /// <summary>False for a replay: the end of the file ends the source instead of a reopen.</summary>
    bool Reconnects { get; }

    IByteConnection Open(CancellationToken cancellationToken);
}
