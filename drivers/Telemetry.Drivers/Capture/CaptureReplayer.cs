using System.Diagnostics;
using System.IO.Pipelines;

namespace Telemetry.Drivers.Capture;

/// <summary>Sends a capture (or a raw byte file) to any writer: a serial port's or a TCP client's Output.</summary>
public static class CaptureReplayer
{
    /// <summary>
    /// Writes the file's data to <paramref name="output"/>, record by record; with <paramref name="paced"/> each record
    /// waits for its recorded offset (captures only). Returns the number of bytes written.
    /// </summary>
    public static async Task<long> ReplayAsync(string path, PipeWriter output, bool paced, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        long total = 0;
        if (!CaptureReader.IsCapture(path))
        {
            if (paced)
            {
                throw new ArgumentException($"Replay file {path} is raw bytes with no timing track, so it cannot be paced: record it with `telemetry record`, or replay without --paced.");
            }

            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024, useAsync: true);
            while (true)
            {
                var memory = output.GetMemory(16 * 1024);
                var n = await file.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return total;
                }

                output.Advance(n);
                total += n;
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        using var reader = CaptureReader.Open(path);
        var start = Stopwatch.GetTimestamp();
        long first = -1;
        while (reader.TryRead(out var record))
        {
            if (record.Kind != CaptureRecordKind.Data)
            {
                continue;
            }

            if (paced)
            {
                first = first < 0 ? record.OffsetNs : first;
                var wait = TimeSpan.FromTicks((record.OffsetNs - first) / 100) - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
            }

            await output.WriteAsync(record.Payload, cancellationToken).ConfigureAwait(false);
            total += record.Payload.Length;
        }

        return total;
    }
}
