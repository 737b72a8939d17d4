using System.CommandLine;
using Telemetry.Gateway.Cli.Decode;

namespace Telemetry.Gateway.Cli;

/// <summary><c>telemetry decode</c>: a capture to newline-delimited JSON (docs/protocols/decode-json.md).</summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var protocol = new Option<string>("--protocol", "-p")
        {
            Description = "Protocol of the capture. auto decodes GNSS NMEA and detector sentences together.",
            DefaultValueFactory = _ => DecodeProtocols.Names[0],
        };
        protocol.AcceptOnlyFromAmong(DecodeProtocols.Names);
        var raw = new Option<bool>("--raw") { Description = "Add each frame's original text as \"raw\"." };
        var file = new Argument<string>("FILE")
        {
            Description = "Capture file, or - for standard input.",
            DefaultValueFactory = _ => "-",
        };
        var command = new Command("decode", "Decode a capture to one JSON object per line on stdout; summary on stderr.");
        command.Options.Add(protocol);
        command.Options.Add(raw);
        command.Arguments.Add(file);
        command.SetAction(async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(file) ?? "-";
            var error = parseResult.InvocationConfiguration.Error;
            Stream input;
            try
            {
                input = path == "-"
                    ? Console.OpenStandardInput()
                    : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"decode: cannot open '{path}': {e.Message}").ConfigureAwait(false);
                return 2;
            }

            await using (input.ConfigureAwait(false))
            {
                var output = Console.OpenStandardOutput();
                await using (output.ConfigureAwait(false))
                {
                    var summary = await DecodeProtocols.RunAsync(parseResult.GetValue(protocol) ?? DecodeProtocols.Names[0], input, output, parseResult.GetValue(raw), ct).ConfigureAwait(false);
                    DecodeRunner.WriteSummary(summary, error);
                }
            }

            return 0;
        });
        return command;
    }
}
