using System.Diagnostics;
using System.IO.Pipelines;
using Telemetry.Drivers.Capture;

namespace Telemetry.Drivers.Sources;

/// <summary>
/// Keeps one endpoint open: opens it, pumps bytes into one long-lived pipe, and on a hang-up (unplug, EIO, remote
/// close), an open error or the no-data watchdog closes it and retries with exponential backoff and jitter. Reads run
/// on one dedicated thread blocked in poll()/recv() (no timed polling loop); writes on a second dedicated thread.
/// The consumer's <see cref="Input"/> survives every reopen, so the gateway's frame loop never restarts.
/// </summary>
public sealed class ReconnectingSource : IByteSource
{
    private readonly IConnector _connector;
    private readonly ReconnectOptions _options;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _connectionLock = new();
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IByteConnection? _connection;
    private Thread? _readThread;
    private Thread? _writeThread;
    private CaptureWriter? _recorder;
    private int _state = (int)SourceState.Absent;
    private int _started;
    private int _disposed;

    internal ReconnectingSource(IConnector connector, ReconnectOptions? options)
    {
        _connector = connector;
        _options = options ?? new ReconnectOptions();
        _options.Validate();
        var threshold = _options.MaxBufferedBytes;
        _input = new Pipe(new PipeOptions(
            pauseWriterThreshold: threshold,
            resumeWriterThreshold: threshold / 2,
            readerScheduler: PipeScheduler.ThreadPool,
            writerScheduler: PipeScheduler.Inline,
            useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(
            pauseWriterThreshold: 256 * 1024,
            resumeWriterThreshold: 128 * 1024,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.ThreadPool,
            useSynchronizationContext: false));
    }

    /// <inheritdoc />
    public event EventHandler<SourceStateChangedEventArgs>? StateChanged;

    /// <inheritdoc />
    public string Endpoint => _connector.Endpoint;

    /// <inheritdoc />
    public string? ResolvedEndpoint { get; private set; }

    /// <inheritdoc />
    public SourceState State => (SourceState)Volatile.Read(ref _state);

    /// <inheritdoc />
    public string? LastError { get; private set; }

    /// <inheritdoc />
    public SourceCounters Counters { get; } = new();

    /// <inheritdoc />
    public PipeReader Input => _input.Reader;

    /// <inheritdoc />
    public PipeWriter Output => _output.Writer;

    /// <summary>
    /// Records every chunk read (with its arrival time) and every state change into <paramref name="recorder"/>.
    /// Set before <see cref="Start"/>; the recorder is not owned and must outlive the source.
    /// </summary>
    public void AttachRecorder(CaptureWriter recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        _recorder = recorder;
    }

    /// <inheritdoc />
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        _readThread = new Thread(ReadLoop) { IsBackground = true, Name = "src-read " + Endpoint };
        _writeThread = new Thread(WriteLoop) { IsBackground = true, Name = "src-write " + Endpoint };
        _readThread.Start();
        _writeThread.Start();
    }

    /// <summary>Waits until the source is in <paramref name="state"/> (checked on every transition), or times out.</summary>
    public async Task<bool> WaitForStateAsync(SourceState state, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, SourceStateChangedEventArgs e)
        {
            if (e.Current == state)
            {
                reached.TrySetResult();
            }
        }

        StateChanged += OnChanged;
        try
        {
            if (State == state)
            {
                return true;
            }

            var finished = await Task.WhenAny(reached.Task, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
            return finished == reached.Task;
        }
        finally
        {
            StateChanged -= OnChanged;
        }
    }

    /// <summary>
    /// Completes <see cref="Output"/> and waits until the write thread has handed every byte to the device (or
    /// dropped and counted it). Returns false on timeout. For one-shot senders such as <c>telemetry replay</c>.
    /// </summary>
    public async Task<bool> CompleteOutputAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await _output.Writer.CompleteAsync().ConfigureAwait(false);
        var finished = await Task.WhenAny(_writerDone.Task, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        return finished == _writerDone.Task;
    }

    /// <summary>Stops both threads, closes the device and completes <see cref="Input"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        lock (_connectionLock)
        {
            _connection?.Interrupt();
        }

        _input.Writer.CancelPendingFlush();
        _output.Reader.CancelPendingRead();
        // Join off the caller's thread: each thread exits within one wake-up (interrupt, cancel).
        await Task.Run(() =>
        {
            _readThread?.Join();
            _writeThread?.Join();
        }).ConfigureAwait(false);
        _output.Reader.Complete();
        _stop.Dispose();
    }

    private void ReadLoop()
    {
        var attempt = 0;
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                SetState(SourceState.Opening, "opening " + Endpoint);
                IByteConnection connection;
                try
                {
                    connection = _connector.Open(token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Net.Sockets.SocketException)
                {
                    // SourceOpenException is an IOException whose text names the device and the fix; others get the endpoint.
                    Counters.AddOpenFailure();
                    LastError = e is SourceOpenException ? e.Message : $"{Endpoint}: {e.Message}";
                    SetState(SourceState.Absent, LastError);
                    if (!_connector.Reconnects)
                    {
                        break;
                    }

                    WaitBackoff(attempt++, token);
                    continue;
                }

                lock (_connectionLock)
                {
                    _connection = connection;
                }

                if (token.IsCancellationRequested)
                {
                    connection.Interrupt();
                }

                Counters.AddOpen();
                LastError = null;
                ResolvedEndpoint = connection.Description;
                SetState(SourceState.Up, "opened " + connection.Description);
                bool end, gotData;
                try
                {
                    (end, gotData) = Pump(connection);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or ObjectDisposedException)
                {
                    // A corrupt replay record or a read on a vanished device: treated as a hang-up, never a crash.
                    Counters.AddHangUp();
                    LastError = $"{Endpoint}: {e.Message}";
                    SetState(SourceState.Absent, LastError);
                    (end, gotData) = (!_connector.Reconnects, false);
                }

                lock (_connectionLock)
                {
                    _connection = null;
                }

                connection.Dispose();
                if (gotData)
                {
                    attempt = 0;
                }

                if (end)
                {
                    break;
                }

                WaitBackoff(attempt++, token);
            }
        }
        finally
        {
            SetState(SourceState.Stopped, token.IsCancellationRequested ? "disposed" : "end of stream");
            _input.Writer.Complete();
        }
    }

    /// <summary>Reads until the connection ends. Returns end = true when the whole source should stop.</summary>
    private (bool End, bool GotData) Pump(IByteConnection connection)
    {
        var timeoutMs = _options.NoDataTimeout is { } t ? (int)Math.Min(int.MaxValue, Math.Ceiling(t.TotalMilliseconds)) : -1;
        var gotData = false;
        var writer = _input.Writer;
        while (true)
        {
            var memory = writer.GetMemory(connection.PreferredReadSize);
            var outcome = connection.Read(memory.Span, timeoutMs, out var count, out var reason);
            switch (outcome)
            {
                case ReadOutcome.Data:
                    gotData = true;
                    Counters.AddRead(count);
                    _recorder?.WriteData(memory.Span[..count]);
                    writer.Advance(count);
                    var flush = writer.FlushAsync();
                    var result = flush.IsCompleted ? flush.Result : flush.AsTask().GetAwaiter().GetResult();
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        // The consumer completed its reader, or we are being disposed.
                        return (true, gotData);
                    }

                    break;
                case ReadOutcome.TimedOut:
                    Counters.AddStall();
                    LastError = $"{Endpoint}: no data for {_options.NoDataTimeout!.Value.TotalSeconds:0.###} s; closing and reopening it (check the device's power and output settings)";
                    SetState(SourceState.Stalled, LastError);
                    return (false, gotData);
                case ReadOutcome.HungUp when !_connector.Reconnects:
                    return (true, gotData);
                case ReadOutcome.HungUp:
                    Counters.AddHangUp();
                    LastError = $"{Endpoint}: {reason}; reopening when it returns";
                    SetState(SourceState.Absent, LastError);
                    return (false, gotData);
                case ReadOutcome.EndOfStream:
                    return (true, gotData);
                default:
                    return (true, gotData);
            }
        }
    }

    private void WaitBackoff(int attempt, CancellationToken token)
    {
        var delay = _options.BackoffFor(attempt, Random.Shared.NextDouble());
        // A backoff delay, not a poll: the wait ends early only when the source is disposed.
        token.WaitHandle.WaitOne(delay);
    }

    private void WriteLoop()
    {
        try
        {
            WriteUntilDone();
        }
        finally
        {
            _writerDone.TrySetResult();
        }
    }

    private void WriteUntilDone()
    {
        var reader = _output.Reader;
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            ReadResult result;
            try
            {
                result = reader.ReadAsync(token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var buffer = result.Buffer;
            IByteConnection? connection;
            lock (_connectionLock)
            {
                connection = _connection;
            }

            foreach (var segment in buffer)
            {
                WriteSegment(connection, segment.Span);
            }

            reader.AdvanceTo(buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    private void WriteSegment(IByteConnection? connection, ReadOnlySpan<byte> data)
    {
        if (connection is null || State != SourceState.Up)
        {
            Counters.AddDropped(data.Length);
            return;
        }

        try
        {
            connection.Write(data);
            Counters.AddWritten(data.Length);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The read thread sees the same hang-up and reopens; these bytes are gone and counted.
            Counters.AddDropped(data.Length);
        }
    }

    private void SetState(SourceState state, string reason)
    {
        var previous = (SourceState)Interlocked.Exchange(ref _state, (int)state);
        if (previous == state && state != SourceState.Absent)
        {
            return;
        }

        _recorder?.WriteEvent($"{state}: {reason}");
        try
        {
            StateChanged?.Invoke(this, new SourceStateChangedEventArgs(previous, state, reason));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A faulty observer must not stop the device thread; its failure stays visible in LastError.
            LastError = $"{Endpoint}: a StateChanged handler threw {e.GetType().Name}: {e.Message}";
        }
    }

    internal static long MonotonicNs() => (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
}
