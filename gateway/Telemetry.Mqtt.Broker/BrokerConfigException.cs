namespace Telemetry.Mqtt.Broker;

/// <summary>A broker configuration error: the message names the key or file and the fix.</summary>
public sealed class BrokerConfigException : Exception
{
    public BrokerConfigException(string message) : base(message)
    {
    }

    public BrokerConfigException()
    {
    }

    public BrokerConfigException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
