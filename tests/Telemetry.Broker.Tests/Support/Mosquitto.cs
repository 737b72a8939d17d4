using System.Diagnostics;

namespace Telemetry.Broker.Tests.Support;

/// <summary>mosquitto_pub / mosquitto_sub / the mosquitto broker, driven as separate processes.</summary>
internal static class Mosquitto
{
    /// <summary>Version flags for mosquitto clients: "mqttv311" or "mqttv5".</summary>
    public static readonly TheoryData<string> Versions = new("mqttv311", "mqttv5");

    public static void RequireClients() =>
        ExternalTool.Require(ExternalTool.MosquittoSub, "broker features are tested with mosquitto_pub/mosquitto_sub (Debian mosquitto-clients)");

    public static Task<ExternalTool.Result> PubAsync(int port, string version, params string[] args) =>
        ExternalTool.RunAsync(ExternalTool.MosquittoPub, ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", version, .. args], TimeSpan.FromSeconds(30));

    /// <summary>Runs mosquitto_sub until it has printed <paramref name="count"/> messages (-C) or the timeout (-W) ends it.</summary>
    public static Task<ExternalTool.Result> SubAsync(int port, string version, int count, int timeoutSeconds, params string[] args) =>
        ExternalTool.RunAsync(
            ExternalTool.MosquittoSub,
            ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", version, "-C", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-W", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args],
            TimeSpan.FromSeconds(timeoutSeconds + 20));

    /// <summary>
    /// Starts a long-running mosquitto_sub and waits until the broker shows its subscription, so nothing published
    /// afterwards can be missed. Lines are collected in <see cref="Subscriber.Lines"/>.
    /// </summary>
    public static async Task<Subscriber> StartSubscriberAsync(int port, string version, Func<bool> subscribed, params string[] args)
    {
        var process = ExternalTool.Start(ExternalTool.MosquittoSub, ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-V", version, .. args]);
        var subscriber = new Subscriber(process);
        await Wait.UntilAsync(subscribed, TimeSpan.FromSeconds(15), "mosquitto_sub to subscribe");
        return subscriber;
    }

    internal sealed class Subscriber : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];

        public Subscriber(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (_lines)
                    {
                        _lines.Add(e.Data);
                    }
                }
            };
            process.BeginOutputReadLine();
        }

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public Task WaitForLinesAsync(int count, TimeSpan timeout) =>
            Wait.UntilAsync(() => Lines.Count >= count, timeout, $"{count} lines from mosquitto_sub (have {Lines.Count})");

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }

            _process.Dispose();
        }
    }
}
