using System.CommandLine;
using System.Globalization;
using Telemetry.Drivers.Capture;

namespace Telemetry.Gateway.Cli;

/// <summary><c>telemetry record</c>: capture what a device sends, with timings, for replay and tests.</summary>
internal static class RecordCommand
{
    public static Command Create()
    {
        var device = new Option<string>("--device") { Description = "Serial path (/dev/serial/by-id/…), tcp://HOST:PORT or udp://:PORT", Required = true };
        var baud = new Option<int>("--baud") { Description = "Serial baud rate (any positive rate; non-standard ones use BOTHER)", DefaultValueFactory = _ => 9600 };
        var duration = new Option<double?>("--duration") { Description = "Seconds to record; until Ctrl+C when omitted" };
        var output = new Option<FileInfo>("--out") { Description = "Capture file to write (format: docs/capture-format.md)", Required = true };
        var command = new Command("record", "Record a timestamped capture of a serial port, TCP or UDP source (keeps recording across unplugs).");
        command.Options.Add(device);
        command.Options.Add(baud);
        command.Options.Add(duration);
        command.Options.Add(output);
        command.SetAction(async (parse, ct) =>
        {
            var endpoint = parse.GetValue(device)!;
            var seconds = parse.GetValue(duration);
            if (seconds is <= 0)
            {
                Console.Error.WriteLine($"--duration must be positive (seconds), not {seconds}.");
                return 2;
            }

            var path = parse.GetValue(output)!.FullName;
            try
            {
                await using var source = SourceEndpointOptions.OpenReporting(endpoint, parse.GetValue(baud));
                using var recorder = CaptureWriter.Create(path, endpoint);
                source.AttachRecorder(recorder);
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                if (seconds is { } s)
                {
                    stop.CancelAfter(TimeSpan.FromSeconds(s));
                }

                source.Start();
                await DrainAsync(source.Input, stop.Token);
                var c = source.Counters;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Recorded {c.BytesRead} bytes from {source.ResolvedEndpoint ?? endpoint} to {path} (opens {c.Opens}, hang-ups {c.HangUps}, stalls {c.Stalls}, open failures {c.OpenFailures})."));
                if (c.Opens == 0)
                {
                    Console.Error.WriteLine($"Never opened: {source.LastError}");
                    return 1;
                }

                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }

    private static async Task DrainAsync(System.IO.Pipelines.PipeReader input, CancellationToken stop)
    {
        // The recorder captures in the source's read thread; the pipe only needs draining so back-pressure never stalls it.
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(stop);
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // --duration elapsed or Ctrl+C: a normal end of recording.
            return;
        }
    }
}
