using System.CommandLine;
using Telemetry.Gateway.Cli;
using Telemetry.Gateway.Cli.Decode;

if (args is ["decode", ..])
{
    // Batch decoding is CPU-bound from its first byte: compile its hot path on another core meanwhile.
    NmeaDecodeWarmup.Start();
}

var root = new RootCommand("Telemetry: demining detector telemetry from the field rig to the operations centre.");
foreach (var command in CommandCatalog.Create(args))
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
