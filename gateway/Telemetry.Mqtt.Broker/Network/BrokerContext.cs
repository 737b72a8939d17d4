using Telemetry.Mqtt.Broker.Auth;

namespace Telemetry.Mqtt.Broker.Network;

/// <summary>What every connection of one broker shares.</summary>
internal sealed class BrokerContext
{
    public required MqttBrokerOptions Options { get; init; }

    public required BrokerCore Core { get; init; }

    public required BrokerStatistics Statistics { get; init; }

    public PasswordFile? Passwords { get; init; }

    public AclFile? Acl { get; init; }

    public required Action<string> Log { get; init; }

    public bool AllowAnonymous => Options.AllowAnonymous ?? Passwords is null;
}
