using System.Buffers.Binary;
using System.Text;

namespace Telemetry.Drivers.Capture;

/// <summary>Reads a capture written by <see cref="CaptureWriter"/>. A truncated last record (power cut) ends the read cleanly.</summary>
public sealed class CaptureReader : IDisposable
{
    private readonly Stream _stream;
    private readonly string _name;
    private readonly byte[] _header = new byte[CaptureFormat.RecordHeaderLength];
    private byte[] _payload = new byte[4096];

    private CaptureReader(Stream stream, string name, string endpoint, DateTimeOffset startedUtc)
    {
        _stream = stream;
        _name = name;
        Endpoint = endpoint;
        StartedUtc = startedUtc;
    }

    /// <summary>The endpoint the capture was recorded from.</summary>
    public string Endpoint { get; }

    /// <summary>Wall-clock time the capture started.</summary>
    public DateTimeOffset StartedUtc { get; }

    /// <summary>True when a final record was cut short (the writer was killed mid-record).</summary>
    public bool Truncated { get; private set; }

    /// <summary>True when <paramref name="path"/> begins with the capture magic (else it is a raw byte log).</summary>
    public static bool IsCapture(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[8];
        return file.ReadAtLeast(magic, 8, throwOnEndOfStream: false) == 8 && magic.SequenceEqual(CaptureFormat.Magic);
    }

    /// <summary>Opens a capture; throws <see cref="InvalidDataException"/> naming the file when it is not one.</summary>
    public static CaptureReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 64 * 1024);
        try
        {
            return Open(stream, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the header from <paramref name="stream"/>; <paramref name="name"/> appears in errors.</summary>
    public static CaptureReader Open(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> head = stackalloc byte[CaptureFormat.FixedHeaderLength];
        if (stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) != head.Length || !head[..8].SequenceEqual(CaptureFormat.Magic))
        {
            throw new InvalidDataException($"{name} is not a telemetry capture (no TLMCAP1 header): record one with `telemetry record`, or replay it as raw bytes.");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(head[8..]);
        if (version != CaptureFormat.Version)
        {
            throw new InvalidDataException($"{name} is capture format version {version}; this build reads version {CaptureFormat.Version}.");
        }

        var startNs = BinaryPrimitives.ReadInt64LittleEndian(head[12..]);
        var length = BinaryPrimitives.ReadUInt16LittleEndian(head[20..]);
        if (length > CaptureFormat.MaxEndpointLength)
        {
            throw new InvalidDataException($"{name}: endpoint text of {length} bytes exceeds the cap of {CaptureFormat.MaxEndpointLength}; the header is corrupt.");
        }

        var text = new byte[length];
        if (stream.ReadAtLeast(text, length, throwOnEndOfStream: false) != length)
        {
            throw new InvalidDataException($"{name}: the capture header is cut short.");
        }

        return new CaptureReader(stream, name, Encoding.UTF8.GetString(text), DateTimeOffset.UnixEpoch.AddTicks(startNs / 100));
    }

    /// <summary>
    /// Reads the next record; false at the end. The payload is valid until the next call.
    /// Throws <see cref="InvalidDataException"/> for a record that breaks the format (unknown kind, length over the cap).
    /// </summary>
    public bool TryRead(out CaptureRecord record)
    {
        record = default;
        var got = _stream.ReadAtLeast(_header, _header.Length, throwOnEndOfStream: false);
        if (got == 0)
        {
            return false;
        }

        if (got < _header.Length)
        {
            Truncated = true;
            return false;
        }

        var kind = (CaptureRecordKind)_header[0];
        var offsetNs = BinaryPrimitives.ReadInt64LittleEndian(_header.AsSpan(1));
        var length = BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(9));
        if (kind is not (CaptureRecordKind.Data or CaptureRecordKind.Event))
        {
            throw new InvalidDataException($"{_name}: unknown record kind {(byte)kind} at byte {_stream.Position - _header.Length}; the file is corrupt.");
        }

        if (length > CaptureFormat.MaxRecordLength)
        {
            throw new InvalidDataException($"{_name}: record of {length} bytes exceeds the cap of {CaptureFormat.MaxRecordLength} at byte {_stream.Position - _header.Length}; the file is corrupt.");
        }

        if (_payload.Length < length)
        {
            _payload = new byte[Math.Max(length, _payload.Length * 2)];
        }

        if (_stream.ReadAtLeast(_payload.AsSpan(0, (int)length), (int)length, throwOnEndOfStream: false) != length)
        {
            Truncated = true;
            return false;
        }

        record = new CaptureRecord(kind, offsetNs, _payload.AsMemory(0, (int)length));
        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
