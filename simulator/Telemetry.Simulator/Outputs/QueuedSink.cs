using System.Threading.Channels;

namespace Telemetry.Simulator.Outputs;

/// <summary>
/// Base for sinks whose far end can block (a pty nobody reads, a slow TCP client): writes are queued to one writer
/// thread so the simulation never stalls, and beyond a byte cap new data is dropped and counted, as a UART's
/// receiver would overrun. Plug changes are never dropped and stay in order with the data.
/// </summary>
public abstract class QueuedSink : IDeviceSink
{
    // Hard cap on queued bytes per device: ~1 s of a 2 Mbaud line; a reader further behind than that is gone.
    private const long MaxQueuedBytes = 256 * 1024;
    private readonly Channel<(byte[]? Data, bool Plugged)> _queue =
        Channel.CreateUnbounded<(byte[]?, bool)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _writer;
    private long _queuedBytes;
    private long _droppedBytes;
    private long _failedWrites;

    /// <summary>Starts the writer thread.</summary>
    protected QueuedSink() => _writer = Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    /// <summary>Bytes dropped because the reader fell too far behind or the far end failed.</summary>
    public long DroppedBytes => Interlocked.Read(ref _droppedBytes);

    /// <summary>Writes the far end refused (closed, hung up).</summary>
    public long FailedWrites => Interlocked.Read(ref _failedWrites);

    /// <inheritdoc />
    public void Write(ReadOnlySpan<byte> data, double simTime)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (Interlocked.Add(ref _queuedBytes, data.Length) > MaxQueuedBytes)
        {
            Interlocked.Add(ref _queuedBytes, -data.Length);
            Interlocked.Add(ref _droppedBytes, data.Length);
            return;
        }

        _queue.Writer.TryWrite((data.ToArray(), true));
    }

    /// <inheritdoc />
    public void Unplug(double simTime) => _queue.Writer.TryWrite((null, false));

    /// <inheritdoc />
    public void Replug(double simTime) => _queue.Writer.TryWrite((null, true));

    /// <summary>Waits until everything queued so far has been handed to the far end.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (Interlocked.Read(ref _queuedBytes) > 0 && !_writer.IsCompleted)
        {
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the writer (after it has written what is queued) and releases the far end.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _queue.Writer.TryComplete();
            _writer.Wait(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Hands bytes to the far end; may block. Throw IOException when the far end is gone.</summary>
    protected abstract void WriteOut(byte[] data);

    /// <summary>Applies a plug change to the far end.</summary>
    protected abstract void SetPlugged(bool plugged);

    private async Task WriteLoopAsync()
    {
        await foreach (var (data, plugged) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (data is null)
            {
                SetPlugged(plugged);
                continue;
            }

            try
            {
                WriteOut(data);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The far end went away (hang-up, unplugged, client closed): the bytes are lost, as on a real wire.
                Interlocked.Increment(ref _failedWrites);
                Interlocked.Add(ref _droppedBytes, data.Length);
            }
            finally
            {
                Interlocked.Add(ref _queuedBytes, -data.Length);
            }
        }
    }
}
