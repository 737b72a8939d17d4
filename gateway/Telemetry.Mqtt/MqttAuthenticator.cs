namespace Telemetry.Mqtt;

/// <summary>
/// The client side of an MQTT 5.0 enhanced authentication method (§4.12), e.g. a SCRAM or challenge/response scheme.
/// Set it as <see cref="MqttClientOptions.Authenticator"/>: CONNECT names <see cref="Method"/>, every AUTH 0x18
/// challenge from the server is answered by <see cref="Respond"/>, and <see cref="MqttClient.ReauthenticateAsync"/>
/// runs the same exchange again on a live connection. Called on the client's connect and receive paths: keep it quick.
/// </summary>
public interface IMqttAuthenticator
{
    /// <summary>Authentication Method (a UTF-8 string both sides agree on).</summary>
    string Method { get; }

    /// <summary>Starts an exchange: the Authentication Data for CONNECT or AUTH 0x19, or null for none.</summary>
    byte[]? Begin();

    /// <summary>Answers a server challenge (AUTH 0x18) with the next Authentication Data.</summary>
    byte[] Respond(ReadOnlySpan<byte> challenge);

    /// <summary>
    /// The server accepted (CONNACK or AUTH 0x00) with this final data (empty if none). Return false when the server
    /// failed to prove itself (e.g. a wrong server signature): the client then refuses the connection.
    /// </summary>
    bool Complete(ReadOnlySpan<byte> serverData);
}
