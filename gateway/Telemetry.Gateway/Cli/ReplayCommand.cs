using System.CommandLine;
using System.Globalization;
using Telemetry.Drivers.Capture;
using Telemetry.Drivers.Sources;

namespace Telemetry.Gateway.Cli;

/// <summary><c>telemetry replay</c>: send a capture (or raw byte log) to a serial port or TCP endpoint.</summary>
internal static class ReplayCommand
{
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(15);

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Capture from `telemetry record`, or a raw byte log" };
        var to = new Option<string>("--to") { Description = "Serial path (e.g. a pty or /dev/ttyUSB0) or tcp://HOST:PORT", Required = true };
        var paced = new Option<bool>("--paced") { Description = "Follow the capture's recorded timing instead of sending as fast as possible" };
        var baud = new Option<int>("--baud") { Description = "Serial baud rate", DefaultValueFactory = _ => 9600 };
        var command = new Command("replay", "Replay a capture to a serial port or TCP endpoint, optionally at the recorded pace.");
        command.Arguments.Add(file);
        command.Options.Add(to);
        command.Options.Add(paced);
        command.Options.Add(baud);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            var target = parse.GetValue(to)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"Replay file {path} does not exist: check the path.");
                return 2;
            }

            if (target.StartsWith("udp://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"--to {target}: replay sends to a serial path or tcp://HOST:PORT.");
                return 2;
            }

            try
            {
                await using var sink = SourceEndpointOptions.OpenReporting(target, parse.GetValue(baud));
                sink.Start();
                if (!await sink.WaitForStateAsync(SourceState.Up, OpenTimeout, ct))
                {
                    Console.Error.WriteLine($"Could not open {target} within {OpenTimeout.TotalSeconds:0} s: {sink.LastError}");
                    return 1;
                }

                var sent = await CaptureReplayer.ReplayAsync(path, sink.Output, parse.GetValue(paced), ct);
                if (!await sink.CompleteOutputAsync(OpenTimeout, ct))
                {
                    Console.Error.WriteLine($"{target} did not take all {sent} bytes within {OpenTimeout.TotalSeconds:0} s (flow control holding it?).");
                    return 1;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Replayed {sent} bytes from {path} to {sink.ResolvedEndpoint ?? target} ({sink.Counters.BytesWritten} written, {sink.Counters.BytesDropped} dropped)."));
                return sink.Counters.BytesDropped == 0 ? 0 : 1;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }
}
