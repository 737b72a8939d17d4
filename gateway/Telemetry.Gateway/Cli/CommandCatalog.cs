using System.CommandLine;

namespace Telemetry.Gateway.Cli;

/// <summary>Every verb of the telemetry executable. A verb is listed here only once it works.</summary>
internal static class CommandCatalog
{
    // One line per verb; each lives in its own file under Cli/.
    private static readonly (string Name, Func<Command> Create)[] Verbs =
    [
        ("demo", DemoCommand.Create),
        ("gateway", GatewayCommand.Create),
        ("decode", DecodeCommand.Create),
        ("record", RecordCommand.Create),
        ("replay", ReplayCommand.Create),
        ("mqtt", MqttCommand.Create),
        ("broker", BrokerCommand.Create),
        ("sim", SimCommand.Create),
        ("outbox", OutboxCommand.Create),
    ];

    /// <summary>
    /// The verbs to register for <paramref name="args"/>: only the one invoked when the first argument names a
    /// verb, else all of them (root help, version, errors). Building every verb's options costs tens of
    /// milliseconds of start-up, which a batch `telemetry decode` pays on every run.
    /// </summary>
    public static IEnumerable<Command> Create(IReadOnlyList<string> args)
    {
        foreach (var (name, create) in Verbs)
        {
            if (args.Count > 0 && args[0] == name)
            {
                return [create()];
            }
        }

        return Verbs.Select(verb => verb.Create());
    }
}
