namespace Telemetry.Simulator.Scenarios;

/// <summary>A scenario that cannot be loaded or run; the message names the key and the fix.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException()
    {
    }

    public ScenarioException(string message)
        : base(message)
    {
    }

    public ScenarioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
