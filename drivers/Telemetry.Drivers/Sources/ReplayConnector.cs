using System.Diagnostics;
using Telemetry.Drivers.Capture;

namespace Telemetry.Drivers.Sources;

/// <summary>
/// Replays a file: a capture (docs/capture-format.md) record by record, optionally at the recorded pace, or a raw
/// byte log as fast as the consumer takes it. The end of the file ends the source (no reopen).
/// </summary>
internal sealed class ReplayConnector : IConnector
{
    private readonly string _path;
    private readonly bool _paced;

    public ReplayConnector(string path, bool paced)
    {
        _path = path;
        _paced = paced;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Replay file {path} does not exist: check the path.", path);
        }

        if (paced && !CaptureReader.IsCapture(path))
        {
            throw new ArgumentException($"Replay file {path} is raw bytes with no timing track, so it cannot be paced: record it with `telemetry record`, or replay without --paced.");
        }
    }

    public string Endpoint => _path;

    public bool Reconnects => false;

    public IByteConnection Open(CancellationToken cancellationToken) =>
        CaptureReader.IsCapture(_path)
            ? new CaptureReplay(CaptureReader.Open(_path), _path, _paced)
            : new RawReplay(new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024), _path);

    private sealed class RawReplay(FileStream file, string path) : IByteConnection
    {
        public string Description => path + " (raw bytes)";

        public ReadOutcome Read(Span<byte> buffer, int timeoutMs, out int count, out string reason)
        {
            reason = string.Empty;
            count = file.Read(buffer);
            return count > 0 ? ReadOutcome.Data : ReadOutcome.EndOfStream;
        }

        public void Write(ReadOnlySpan<byte> data) => throw new IOException($"{path}: a replay cannot be written to.");

        public void Interrupt()
        {
            // Reads from a local file return promptly; nothing blocks indefinitely here.
        }

        public void Dispose() => file.Dispose();
    }

    private sealed class CaptureReplay(CaptureReader reader, string path, bool paced) : IByteConnection
    {
        private readonly ManualResetEventSlim _interrupt = new();
        private readonly long _start = Stopwatch.GetTimestamp();
        private ReadOnlyMemory<byte> _pending;
        private long _firstOffsetNs = -1;

        public string Description => $"{path} (capture of {reader.Endpoint}{(paced ? ", paced" : string.Empty)})";

        public ReadOutcome Read(Span<byte> buffer, int timeoutMs, out int count, out string reason)
        {
            reason = string.Empty;
            count = 0;
            while (_pending.IsEmpty)
            {
                if (!reader.TryRead(out var record))
                {
                    return ReadOutcome.EndOfStream;
                }

                if (record.Kind != CaptureRecordKind.Data || record.Payload.IsEmpty)
                {
                    continue;
                }

                if (paced && !WaitUntil(record.OffsetNs))
                {
                    return ReadOutcome.Interrupted;
                }

                _pending = record.Payload;
            }

            count = Math.Min(buffer.Length, _pending.Length);
            _pending.Span[..count].CopyTo(buffer);
            _pending = _pending[count..];
            return ReadOutcome.Data;
        }

        public void Write(ReadOnlySpan<byte> data) => throw new IOException($"{path}: a replay cannot be written to.");

        public void Interrupt() => _interrupt.Set();

        public void Dispose()
        {
            reader.Dispose();
            _interrupt.Dispose();
        }

        private bool WaitUntil(long offsetNs)
        {
            if (_firstOffsetNs < 0)
            {
                _firstOffsetNs = offsetNs;
            }

            var due = TimeSpan.FromTicks((offsetNs - _firstOffsetNs) / 100);
            var wait = due - Stopwatch.GetElapsedTime(_start);
            // Pacing, not polling: sleep until the record's recorded time, or until the source is stopped.
            return wait <= TimeSpan.Zero || !_interrupt.Wait(wait);
        }
    }
}
