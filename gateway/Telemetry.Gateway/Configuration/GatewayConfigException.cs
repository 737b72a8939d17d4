namespace Telemetry.Gateway.Configuration;

/// <summary>The configuration is invalid. The message lists every problem, each naming the key and the fix.</summary>
internal sealed class GatewayConfigException : Exception
{
    public GatewayConfigException()
    {
    }

    public GatewayConfigException(string message)
        : base(message)
    {
    }

    public GatewayConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
