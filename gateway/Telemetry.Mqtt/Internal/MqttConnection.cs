using System.IO.Pipelines;
using System.Net.Sockets;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt.Internal;

/// <summary>
/// One transport connection and what was negotiated on it. The client owns the session; a connection lives from
/// CONNACK to the first failure and is never reused.
/// </summary>
internal sealed class MqttConnection : IAsyncDisposable
{
    private static long s_epoch;
    private byte[]? _scratch;
    private int _aborted;

    public MqttConnection(Socket socket, Stream stream, PipeReader input, int writeBufferLimit)
    {
        Socket = socket;
        Stream = stream;
        Input = input;
        Epoch = Interlocked.Increment(ref s_epoch);
        // The writer loop runs on the pool: publishers only append, and whatever accumulated while the loop was
        // busy leaves in one write (coalescing). Its continuation is the async state machine box itself, which the
        // thread pool queues without allocating. The pause threshold is the back-pressure bound.
        Output = new Pipe(new PipeOptions(
            pauseWriterThreshold: writeBufferLimit,
            resumeWriterThreshold: writeBufferLimit / 2,
            minimumSegmentSize: 16 * 1024,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            useSynchronizationContext: false));
        LastReceived = LastSent = Environment.TickCount64;
    }

    public Socket Socket { get; }

    public Stream Stream { get; }

    public PipeReader Input { get; }

    public Pipe Output { get; }

    /// <summary>Unique per connection: topic aliases are only valid within one.</summary>
    public long Epoch { get; }

    public CancellationTokenSource Cancel { get; } = new();

    public MqttProtocolVersion Version { get; init; }

    public MqttConnectedInfo Info { get; set; } = new();

    public TimeSpan KeepAlive { get; set; }

    public ushort ServerTopicAliasMaximum { get; set; }

    public ushort NextTopicAlias { get; set; } = 1;

    /// <summary>Topic per alias the server set on this connection (5.0 §3.3.2.3.4); index = alias.</summary>
    public byte[]?[] IncomingAliases { get; set; } = [];

    /// <summary>Environment.TickCount64 (monotonic) of the last packet received.</summary>
    public long LastReceived { get; set; }

    public long LastSent { get; set; }

    /// <summary>When the outstanding PINGREQ was sent; 0 when none is outstanding.</summary>
    public long PingSentAt { get; set; }

    public MqttDisconnectInfo? DisconnectInfo { get; private set; }

    public Task Completion { get; set; } = Task.CompletedTask;

    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>Scratch space for a packet that arrived split across buffer segments.</summary>
    public Span<byte> Scratch(int length)
    {
        if (_scratch is null || _scratch.Length < length)
        {
            _scratch = new byte[Math.Max(length, 4096)];
        }

        return _scratch;
    }

    /// <summary>Ends the connection once; the first caller's reason is the one reported.</summary>
    public bool Abort(MqttDisconnectInfo info)
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return false;
        }

        DisconnectInfo = info;
        Cancel.Cancel();
        // Unblock a publisher waiting on back-pressure and the writer loop waiting for data.
        Output.Writer.CancelPendingFlush();
        Output.Reader.CancelPendingRead();
        // Closing the socket is what breaks a read blocked on a half-open link.
        Socket.Dispose();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Abort(new MqttDisconnectInfo { Reason = MqttReasonCode.Success, Message = "disposed" });
        await Stream.DisposeAsync().ConfigureAwait(false);
        Cancel.Dispose();
    }
}
