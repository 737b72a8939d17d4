using System.Net;
using System.Net.Sockets;

namespace Telemetry.TestKit;

/// <summary>
/// A TCP proxy on a free loopback port that forwards to an upstream server and injects faults on command:
/// drop every link (RST), add delay, cut a link in the middle of the next client packet, or go half-open
/// (keep the sockets, forward nothing, send no FIN: what a dead cellular link looks like).
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Link> _links = [];
    private readonly Task _acceptLoop;
    private volatile bool _halfOpen;
    private int _cutAfterBytes = -1;
    private int _delayMs;

    /// <summary>Starts listening; links are forwarded to 127.0.0.1:<paramref name="upstreamPort"/>.</summary>
    public FaultProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Port clients connect to.</summary>
    public int Port { get; }

    /// <summary>Links accepted so far (reconnects add one each).</summary>
    public int LinksAccepted { get; private set; }

    /// <summary>Delay added before forwarding each chunk, both directions.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromMilliseconds(_delayMs);
        set => _delayMs = (int)value.TotalMilliseconds;
    }

    /// <summary>Resets every open link (linger 0 sends RST) — a dropped connection.</summary>
    public void DropAll()
    {
        foreach (var link in Snapshot())
        {
            link.Reset();
        }
    }

    /// <summary>After forwarding <paramref name="bytes"/> more client bytes, truncates and resets the link.</summary>
    public void CutClientStreamAfter(int bytes) => Volatile.Write(ref _cutAfterBytes, bytes);

    /// <summary>
    /// Half-open: open links stop forwarding in both directions without closing; new links are accepted but also
    /// black-holed until <see cref="Heal"/>.
    /// </summary>
    public void GoHalfOpen() => _halfOpen = true;

    /// <summary>Ends half-open mode for new links; black-holed links are reset so the server notices them too.</summary>
    public void Heal()
    {
        _halfOpen = false;
        foreach (var link in Snapshot().Where(l => l.BlackHoled))
        {
            link.Reset();
        }
    }

    /// <summary>Stops the proxy and resets every link.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener was stopped under the accept call: expected at shutdown.
        }

        _stop.Dispose();
    }

    private Link[] Snapshot()
    {
        lock (_links)
        {
            return [.. _links];
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            }
            catch (SocketException)
            {
                client.Close(0);
                upstream.Dispose();
                continue;
            }

            var link = new Link(this, client, upstream);
            lock (_links)
            {
                _links.Add(link);
                LinksAccepted++;
            }

            link.Start();
        }
    }

    private sealed class Link(FaultProxy proxy, Socket client, Socket upstream)
    {
        private int _closed;

        public bool BlackHoled { get; private set; }

        public void Start()
        {
            _ = PumpAsync(client, upstream, fromClient: true);
            _ = PumpAsync(upstream, client, fromClient: false);
        }

        public void Reset()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }

            // Close(0): linger off, so the kernel sends RST rather than FIN.
            client.Close(0);
            upstream.Close(0);
            lock (proxy._links)
            {
                proxy._links.Remove(this);
            }
        }

        private async Task PumpAsync(Socket from, Socket to, bool fromClient)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var n = await from.ReceiveAsync(buffer, SocketFlags.None);
                    if (proxy._halfOpen)
                    {
                        // Swallow everything, even a FIN, and never close: neither side hears anything again.
                        BlackHoled = true;
                        if (n == 0)
                        {
                            return;
                        }

                        continue;
                    }

                    if (n == 0)
                    {
                        // Orderly FIN: pass it on.
                        to.Shutdown(SocketShutdown.Send);
                        return;
                    }

                    if (proxy._delayMs > 0)
                    {
                        await Task.Delay(proxy._delayMs);
                    }

                    var cut = fromClient ? Interlocked.Exchange(ref proxy._cutAfterBytes, -1) : -1;
                    if (cut >= 0 && cut < n)
                    {
                        await to.SendAsync(buffer.AsMemory(0, cut), SocketFlags.None);
                        Reset();
                        return;
                    }

                    if (cut >= n)
                    {
                        Interlocked.CompareExchange(ref proxy._cutAfterBytes, cut - n, -1);
                    }

                    await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The other pump or a fault closed the link; make sure both sides are gone.
                Reset();
            }
        }
    }
}
