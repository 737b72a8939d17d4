using System.CommandLine;
using System.Globalization;
using Telemetry.Gateway.Demo;

namespace Telemetry.Gateway.Cli;

/// <summary>
/// <c>telemetry demo</c>: the README's first command. Simulator → pseudo-terminals → gateway → broker → subscriber,
/// scored against ground truth; exit code 0 only when nothing was lost.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var duration = new Option<double>("--duration") { Description = "Wall-clock seconds to run (default 60).", DefaultValueFactory = _ => 60 };
        var speed = new Option<double>("--speed") { Description = "Simulation speed-up (default 10: 60 s shows 10 minutes of work).", DefaultValueFactory = _ => 10 };
        var brokerPort = new Option<int>("--broker-port") { Description = "Port of the embedded broker (default 1883; a free port if taken).", DefaultValueFactory = _ => 1883 };
        var broker = new Option<Uri?>("--broker") { Description = "Publish to an existing broker instead, e.g. mqtt://127.0.0.1:1883." };
        var summary = new Option<FileInfo?>("--summary") { Description = "Also write the summary as JSON to this file." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory for ground truth, captures, outbox and received detections (default: a new temp directory)." };
        var command = new Command("demo", "Run the default simulated minefield through the gateway to an MQTT subscriber and score it.");
        foreach (var option in new Option[] { duration, speed, brokerPort, broker, summary, output })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var uri = parseResult.GetValue(broker);
            if (uri is not null && (uri.Scheme != "mqtt" || uri.Port <= 0))
            {
                await Console.Error.WriteLineAsync("--broker: use mqtt://HOST:PORT, e.g. mqtt://127.0.0.1:1883.").ConfigureAwait(false);
                return 2;
            }

            var settings = new DemoSettings
            {
                WallSeconds = parseResult.GetValue(duration),
                Speed = parseResult.GetValue(speed),
                BrokerPort = parseResult.GetValue(brokerPort),
                ExternalBroker = uri is null ? null : (uri.Host, uri.Port),
                Rigs = DemoRigs.All,
                OutputDirectory = parseResult.GetValue(output)?.FullName
                    ?? Path.Combine(Path.GetTempPath(), "telemetry-demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)),
            };

            DemoSummary result;
            if (Console.IsOutputRedirected)
            {
                result = await new DemoRun(settings, new PlainDemoView(Console.Out)).RunAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var live = new LiveDemoView();
                DemoSummary? captured = null;
                await live.RunAsync(async () => captured = await new DemoRun(settings, live).RunAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                result = captured!;
            }

            Print(result);
            if (parseResult.GetValue(summary) is { } file)
            {
                await using var stream = file.Create();
                result.WriteJson(stream);
            }

            return result.Lost == 0 && result.Duplicates == 0 ? 0 : 1;
        });
        return command;
    }

    private static void Print(DemoSummary s)
    {
        var ic = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(ic, $"Summary ({s.SimulatedSeconds:F0} s simulated in {s.WallSeconds:F0} s, broker {s.Broker})"));
        Console.WriteLine(string.Create(ic, $"  detections simulated      {s.Simulated}"));
        Console.WriteLine(string.Create(ic, $"  stored in the outbox      {s.Stored}"));
        Console.WriteLine(string.Create(ic, $"  published / acknowledged  {s.Published} / {s.Acknowledged}"));
        Console.WriteLine(string.Create(ic, $"  received by subscriber    {s.Received} (duplicates {s.Duplicates}, out of order {s.OutOfOrder})"));
        Console.WriteLine(string.Create(ic, $"  lost                      {s.Lost}"));
        Console.WriteLine(string.Create(ic, $"  within stated accuracy    {s.WithinStatedAccuracy} of {s.Simulated - s.Lost}"));
        Console.WriteLine(double.IsNaN(s.GeotagErrorP50M)
            ? "  geotag error p50 / p95    none: nothing received"
            : string.Create(ic, $"  geotag error p50 / p95    {s.GeotagErrorP50M:F3} m / {s.GeotagErrorP95M:F3} m (max {s.GeotagErrorMaxM:F3} m)"));
        Console.WriteLine(string.Create(ic, $"  rigs                      {string.Join(", ", s.Rigs)}"));
        Console.WriteLine("  per kind                  simulated  received  lost  within accuracy  error p50 / p95");
        foreach (var k in s.Kinds)
        {
            Console.WriteLine(string.Create(
                ic,
                $"    {k.Kind,-22}  {k.Simulated,9}  {k.Received,8}  {k.Lost,4}  {k.Within,15}  {ErrorRange(k.Errors)}"));
        }

        Console.WriteLine($"  ground truth, captures, received detections: {s.OutputDirectory}");
    }

    /// <summary>"p50 / p95 m" of a kind's geotag errors; a dash when none of that kind arrived (no percentile exists).</summary>
    internal static string ErrorRange(List<double> errors) => errors.Count == 0
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"{DemoSummary.Percentile(errors, 0.5):F3} / {DemoSummary.Percentile(errors, 0.95):F3} m");
}
