using System.Buffers.Binary;
using System.Text;

namespace Telemetry.Drivers.Capture;

/// <summary>
/// Writes a timestamped capture (docs/capture-format.md) of what a source received. Thread-safe: the source's read
/// thread writes data while its state changes write events. Times are monotonic offsets from the start, so NTP steps
/// on the rig cannot reorder or stretch the timing track; the wall-clock start is in the header.
/// </summary>
public sealed class CaptureWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly long _startTimestamp;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private readonly byte[] _header = new byte[CaptureFormat.RecordHeaderLength];
    private bool _disposed;

    /// <summary>Starts a capture on <paramref name="stream"/>, writing the header now.</summary>
    /// <param name="stream">Where the capture goes.</param>
    /// <param name="endpoint">The source's endpoint text for the header.</param>
    /// <param name="ownsStream">Dispose the stream with the writer.</param>
    /// <param name="clock">
    /// Clock for the header's start time and the record offsets; the system clock unless given. The simulator passes
    /// its simulation clock so a capture of a simulated device carries simulation time and is the same on every run.
    /// </param>
    public CaptureWriter(Stream stream, string endpoint, bool ownsStream = true, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(endpoint);
        _stream = stream;
        _ownsStream = ownsStream;
        _clock = clock ?? TimeProvider.System;
        _startTimestamp = _clock.GetTimestamp();
        var text = Encoding.UTF8.GetBytes(endpoint.Length > CaptureFormat.MaxEndpointLength ? endpoint[..CaptureFormat.MaxEndpointLength] : endpoint);
        Span<byte> fixedPart = stackalloc byte[CaptureFormat.FixedHeaderLength];
        CaptureFormat.Magic.CopyTo(fixedPart);
        BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[8..], CaptureFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[10..], 0);
        var unixNs = (_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        BinaryPrimitives.WriteInt64LittleEndian(fixedPart[12..], unixNs);
        BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[20..], (ushort)text.Length);
        _stream.Write(fixedPart);
        _stream.Write(text);
    }

    /// <summary>Creates (or truncates) <paramref name="path"/> and starts a capture there.</summary>
    public static CaptureWriter Create(string path, string endpoint, TimeProvider? clock = null) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024), endpoint, ownsStream: true, clock);

    /// <summary>Records received bytes with the current time. Payloads above the cap are split into several records.</summary>
    public void WriteData(ReadOnlySpan<byte> data)
    {
        while (data.Length > CaptureFormat.MaxRecordLength)
        {
            Write(CaptureRecordKind.Data, data[..CaptureFormat.MaxRecordLength]);
            data = data[CaptureFormat.MaxRecordLength..];
        }

        Write(CaptureRecordKind.Data, data);
    }

    /// <summary>Records a note (state change) with the current time.</summary>
    public void WriteEvent(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        Write(CaptureRecordKind.Event, bytes.AsSpan(0, Math.Min(bytes.Length, CaptureFormat.MaxRecordLength)));
    }

    /// <summary>Pushes buffered records to the file.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _stream.Flush();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stream.Flush();
            if (_ownsStream)
            {
                _stream.Dispose();
            }
        }
    }

    private void Write(CaptureRecordKind kind, ReadOnlySpan<byte> payload)
    {
        var offsetNs = (long)(_clock.GetElapsedTime(_startTimestamp).Ticks * 100);
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _header[0] = (byte)kind;
            BinaryPrimitives.WriteInt64LittleEndian(_header.AsSpan(1), offsetNs);
            BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(9), (uint)payload.Length);
            _stream.Write(_header);
            _stream.Write(payload);
        }
    }
}
