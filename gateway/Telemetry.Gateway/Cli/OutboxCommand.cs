using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Telemetry.Gateway.Outbox;

namespace Telemetry.Gateway.Cli;

/// <summary>
/// <c>telemetry outbox inspect|bench</c>: look into a rig's outbox (pending, acknowledged, dropped, quarantined) and
/// measure append+fsync throughput on the rig's own storage (SD cards differ by orders of magnitude).
/// </summary>
internal static class OutboxCommand
{
    public static Command Create()
    {
        var command = new Command("outbox", "Inspect the durable detection outbox, or measure append+fsync throughput on this storage.");
        command.Subcommands.Add(CreateInspect());
        command.Subcommands.Add(CreateBench());
        return command;
    }

    private static Option<DirectoryInfo> DirectoryOption() => new("--dir")
    {
        Description = "Outbox directory (Outbox:Path in the gateway configuration).",
        Required = true,
    };

    private static Command CreateInspect()
    {
        var dir = DirectoryOption();
        var command = new Command("inspect", "Open (and recover) an outbox and print its counters.");
        command.Options.Add(dir);
        command.SetAction(parseResult =>
        {
            using var outbox = SegmentedOutbox.Open(new OutboxOptions { Directory = parseResult.GetValue(dir)!.FullName });
            var s = outbox.GetStats();
            var ic = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(ic, $"next sequence      {s.NextSequence}"));
            Console.WriteLine(string.Create(ic, $"acknowledged up to {s.AckedSequence}"));
            Console.WriteLine(string.Create(ic, $"pending            {s.Pending}"));
            Console.WriteLine(string.Create(ic, $"segments           {s.Segments} ({s.TotalBytes} bytes)"));
            Console.WriteLine(string.Create(ic, $"dropped by policy  {s.Dropped}"));
            Console.WriteLine(string.Create(ic, $"lost to corruption {s.LostToCorruption}"));
            Console.WriteLine(string.Create(ic, $"quarantined        {s.QuarantinedRegions} regions, {s.QuarantinedBytes} bytes"));
            return 0;
        });
        return command;
    }

    private static Command CreateBench()
    {
        var dir = DirectoryOption();
        var count = new Option<long>("--count") { Description = "Records to append.", DefaultValueFactory = _ => 2000 };
        var size = new Option<int>("--payload") { Description = "Payload bytes per record (a detection is ~700).", DefaultValueFactory = _ => 700 };
        var fsync = new Option<FsyncPolicy>("--fsync") { Description = "Always (default) or Batch.", DefaultValueFactory = _ => FsyncPolicy.Always };
        var print = new Option<bool>("--print-durable")
        {
            Description = "Print 'durable N' after each record is accepted (used by the crash tests).",
        };
        var command = new Command("bench", "Append deterministic records and report append+fsync throughput.");
        command.Options.Add(dir);
        command.Options.Add(count);
        command.Options.Add(size);
        command.Options.Add(fsync);
        command.Options.Add(print);
        command.SetAction(parseResult =>
        {
            var payload = parseResult.GetValue(size);
            var printing = parseResult.GetValue(print);
            using var outbox = SegmentedOutbox.Open(new OutboxOptions
            {
                Directory = parseResult.GetValue(dir)!.FullName,
                Fsync = parseResult.GetValue(fsync),
                Overflow = OverflowPolicy.DropOldest,
            });
            var stdout = Console.Out;
            var total = parseResult.GetValue(count);
            var watch = Stopwatch.StartNew();
            var printed = outbox.GetStats().DurableSequence;
            for (long i = 0; i < total; i++)
            {
                outbox.Append(payload, static (n, seq, output) => OutboxPayloads.Write(n, seq, output));
                if (printing)
                {
                    // Only what is fsynced is claimed: under Batch that is after the coalesced flush, not the append.
                    var durable = outbox.GetStats().DurableSequence;
                    for (; printed < durable; printed++)
                    {
                        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"durable {printed + 1}"));
                    }

                    stdout.Flush();
                }
            }

            outbox.Flush();
            var seconds = watch.Elapsed.TotalSeconds;
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{total} records of {payload} B in {seconds:F2} s: {total / seconds:F0} records/s ({parseResult.GetValue(fsync)})"));
            return 0;
        });
        return command;
    }
}
