using System.CommandLine;
using Telemetry.Gateway.Cli;

var root = new RootCommand("Telemetry: demining detector telemetry from the field rig to the operations centre.");
foreach (var command in CommandCatalog.Create())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
