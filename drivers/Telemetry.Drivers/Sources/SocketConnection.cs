using System.Net.Sockets;

namespace Telemetry.Drivers.Sources;

/// <summary>A connected TCP socket or a bound UDP socket; blocking receives on the source's read thread.</summary>
internal sealed class SocketConnection(Socket socket, string description, bool stream) : IByteConnection
{
    private volatile bool _interrupted;

    public string Description => description;

    public int PreferredReadSize => stream ? 16 * 1024 : 65_536;

    public ReadOutcome Read(Span<byte> buffer, int timeoutMs, out int count, out string reason)
    {
        count = 0;
        reason = string.Empty;
        try
        {
            // SO_RCVTIMEO is the watchdog; 0 means wait forever. The kernel wakes us: no polling loop.
            socket.ReceiveTimeout = timeoutMs < 0 ? 0 : Math.Max(1, timeoutMs);
            var n = socket.Receive(buffer, SocketFlags.None);
            if (_interrupted)
            {
                return ReadOutcome.Interrupted;
            }

            if (n > 0 || !stream)
            {
                count = n;
                return ReadOutcome.Data;
            }

            reason = "the remote end closed the connection";
            return ReadOutcome.HungUp;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut && !_interrupted)
        {
            return ReadOutcome.TimedOut;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
        {
            reason = "a datagram larger than 64 KiB was truncated";
            return ReadOutcome.HungUp;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (_interrupted)
            {
                return ReadOutcome.Interrupted;
            }

            reason = $"connection lost ({e.Message})";
            return ReadOutcome.HungUp;
        }
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (!stream)
        {
            throw new IOException($"{description}: a UDP listener has no peer to write to.");
        }

        while (!data.IsEmpty)
        {
            data = data[socket.Send(data, SocketFlags.None)..];
        }
    }

    public void Interrupt()
    {
        _interrupted = true;
        // Linux wakes a receive blocked on this socket at shutdown(), even on an unconnected UDP socket (which
        // reports ENOTCONN but still wakes the waiters); Close then releases it.
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.NotConnected)
        {
            // Expected for UDP and for a TCP peer already gone; the wake-up has happened regardless.
        }

        socket.Close();
    }

    public void Dispose() => socket.Dispose();
}
