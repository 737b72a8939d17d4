using System.Buffers;
using System.Net.Sockets;
using Telemetry.Mqtt.Internal;
using Telemetry.Mqtt.Packets;
using Telemetry.Protocols.Framing;

namespace Telemetry.Mqtt;

public sealed partial class MqttClient
{
    /// <summary>Writer, reader and keep-alive loops; the connection ends when the first of them ends.</summary>
    private async Task RunLoopsAsync(MqttConnection connection)
    {
        // Yield so the caller (holding the write lock) finishes installing the connection first.
        await Task.Yield();
        var writer = WriterLoopAsync(connection);
        var reader = ReaderLoopAsync(connection);
        var keepAlive = KeepAliveLoopAsync(connection);
        var first = await Task.WhenAny(writer, reader, keepAlive).ConfigureAwait(false);
        var reason = first.Exception?.GetBaseException();
        connection.Abort(new MqttDisconnectInfo
        {
            Reason = reason is null ? MqttReasonCode.Success : MqttReasonCode.UnspecifiedError,
            Message = _stopping ? "disconnected by the client"
                : first == reader ? "connection closed by the server" : first == writer ? "write side closed" : "keep-alive ended",
            Exception = reason,
        });
        // Publishers must stop using this connection now, not when the last loop has wound down: a publisher resumed
        // inline by the loops' teardown would otherwise keep writing into the dead pipe on the loop's own thread.
        Detach(connection);
        await Task.WhenAll(Quiet(writer), Quiet(reader), Quiet(keepAlive)).ConfigureAwait(false);

        // The loops' own failures are already reported through the disconnect info; awaiting them must not rethrow.
        static async Task Quiet(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException
                or InvalidOperationException)
            {
                // Expected once the socket is closed under a loop; the reason was recorded by Abort.
            }
        }
    }

    /// <summary>
    /// The one writer: drains the outgoing pipe into the stream. Publishers append packets to the pipe; whatever has
    /// accumulated by the time this loop runs goes out together (coalescing small writes).
    /// </summary>
    private static async Task WriterLoopAsync(MqttConnection connection)
    {
        var reader = connection.Output.Reader;
        var token = connection.Cancel.Token;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(token).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    return;
                }

                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    await connection.Stream.WriteAsync(segment, token).ConfigureAwait(false);
                }

                if (!buffer.IsEmpty)
                {
                    await connection.Stream.FlushAsync(token).ConfigureAwait(false);
                    connection.LastSent = Environment.TickCount64;
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    // DisconnectAsync completed the pipe after DISCONNECT: half-close so the server sees a FIN.
                    connection.Socket.Shutdown(SocketShutdown.Send);
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ReaderLoopAsync(MqttConnection connection)
    {
        var framer = new MqttFramer(Options.MaxIncomingPacketSize, connection.Version);
        var handler = new PacketHandler(this, connection, framer);
        await FrameReaderLoop.RunAsync(connection.Input, framer, handler, new FrameCounters(), connection.Cancel.Token)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Keep-alive timed on received traffic with a monotonic clock (MQTT 5.0 §3.1.2.10): a PINGREQ goes out when
    /// nothing has been received (or sent) for the period, even while we publish; no PINGRESP within the ping
    /// timeout, or silence for period + timeout, means the link is dead (a half-open TCP link sends no FIN).
    /// </summary>
    private async Task KeepAliveLoopAsync(MqttConnection connection)
    {
        var period = (long)connection.KeepAlive.TotalMilliseconds;
        var pingTimeout = (long)Options.EffectivePingTimeout.TotalMilliseconds;
        var tick = period <= 0 ? TimeSpan.FromSeconds(1)
            : TimeSpan.FromMilliseconds(Math.Clamp(Math.Min(period, pingTimeout) / 4, 25, 1000));
        using var timer = new PeriodicTimer(tick);
        while (await timer.WaitForNextTickAsync(connection.Cancel.Token).ConfigureAwait(false))
        {
            await FlushForgottenBytesAsync(connection).ConfigureAwait(false);
            if (period <= 0)
            {
                continue;
            }

            var now = Environment.TickCount64;
            var pingSentAt = connection.PingSentAt;
            if ((pingSentAt != 0 && now - pingSentAt >= pingTimeout) || now - connection.LastReceived >= period + pingTimeout)
            {
                connection.Abort(new MqttDisconnectInfo
                {
                    Reason = MqttReasonCode.KeepAliveTimeout,
                    Message = $"no PINGRESP within {pingTimeout} ms; link presumed dead",
                });
                return;
            }

            if (pingSentAt == 0 && (now - connection.LastReceived >= period || now - connection.LastSent >= period))
            {
                connection.PingSentAt = now;
                if (await _writeLock.WaitAsync(TimeSpan.FromMilliseconds(pingTimeout), connection.Cancel.Token).ConfigureAwait(false))
                {
                    try
                    {
                        MqttPacketWriter.WritePingReq(connection.Output.Writer);
                        await connection.Output.Writer.FlushAsync(connection.Cancel.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        _writeLock.Release();
                    }
                }
            }
        }
    }

    /// <summary>Backstop for <c>EnqueueAsync</c> callers that never call FlushAsync: queued bytes leave within a tick.</summary>
    private async ValueTask FlushForgottenBytesAsync(MqttConnection connection)
    {
        if (!_writeLock.Wait(0))
        {
            return;
        }

        try
        {
            if (!connection.IsAborted && connection.Output.Writer.UnflushedBytes > 0)
            {
                await connection.Output.Writer.FlushAsync(connection.Cancel.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Hands every framed packet to the client on the reader loop; a framing failure closes the link.</summary>
    private readonly struct PacketHandler(MqttClient client, MqttConnection connection, MqttFramer framer) : IFrameHandler
    {
        public void OnFrame(in ReadOnlySequence<byte> frame)
        {
            if (connection.IsAborted)
            {
                return;
            }

            connection.LastReceived = Environment.TickCount64;
            var span = frame.IsSingleSegment ? frame.FirstSpan : FrameBytes.Contiguous(frame, connection.Scratch((int)frame.Length));
            client.OnPacket(connection, span);
        }

        public void OnRejected(FrameError error, long byteCount)
            => client.CloseForProtocolError(connection, framer.LastError, $"framing: {error}");
    }
}
