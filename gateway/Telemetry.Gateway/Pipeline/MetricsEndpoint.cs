using System.Net;
using System.Text;

namespace Telemetry.Gateway.Pipeline;

/// <summary>
/// Local health and metrics over HTTP (plain <see cref="HttpListener"/>, no web stack on the Pi):
/// <c>/metrics</c> in Prometheus text format 0.0.4, <c>/health</c> = 200 "ok" while the outbox is open.
/// </summary>
internal static class MetricsEndpoint
{
    public static async Task RunAsync(string prefix, GatewayRuntime runtime, CancellationToken cancellationToken)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add(prefix.EndsWith('/') ? prefix : prefix + "/");
        listener.Start();
        using var registration = cancellationToken.Register(listener.Stop);
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopped by cancellation.
                return;
            }

            var path = context.Request.Url?.AbsolutePath ?? "/";
            var (status, type, body) = path switch
            {
                "/metrics" => (200, "text/plain; version=0.0.4; charset=utf-8", runtime.Counters.ToPrometheusText()),
                "/health" => (200, "text/plain; charset=utf-8", "ok\n"),
                _ => (404, "text/plain; charset=utf-8", "try /metrics or /health\n"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            context.Response.Close();
        }
    }
}
