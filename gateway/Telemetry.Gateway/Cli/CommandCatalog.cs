using System.CommandLine;

namespace Telemetry.Gateway.Cli;

/// <summary>Every verb of the telemetry executable. A verb is listed here only once it works.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create()
    {
        // One line per verb; each lives in its own file under Cli/.
        yield return DemoCommand.Create();
        yield return GatewayCommand.Create();
        yield return DecodeCommand.Create();
        yield return RecordCommand.Create();
        yield return ReplayCommand.Create();
        yield return MqttCommand.Create();
        yield return BrokerCommand.Create();
        yield return SimCommand.Create();
        yield return OutboxCommand.Create();
    }
}
