using System.Text;
using Telemetry.Mqtt.Broker.Auth;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt.Broker.Network;

/// <summary>MQTT 5.0 enhanced authentication (§4.12): CONNECT or AUTH 0x19 starts an exchange, AUTH 0x18 carries its steps.</summary>
internal sealed partial class ClientConnection
{
    private string? _authMethod;
    private IMqttAuthExchange? _authExchange;
    private PendingConnect? _pendingConnect;

    private bool AcceptAuthenticationMethod(ReadOnlySpan<byte> method)
    {
        var name = Encoding.UTF8.GetString(method);
        if (_context.Options.EnhancedAuthenticator is not { } authenticator || authenticator.Method != name)
        {
            // §4.12: a method the server does not support is refused with 0x8C Bad authentication method.
            RefuseConnect(MqttReasonCode.BadAuthenticationMethod, _version, $"authentication method '{name}' is not supported");
            return false;
        }

        _authMethod = name;
        return true;
    }

    private void BeginAuthentication(ReadOnlySpan<byte> clientData, bool connecting)
    {
        _authExchange = _context.Options.EnhancedAuthenticator!.Start(_clientId!, _username);
        Advance(_authExchange.Step(clientData), connecting);
    }

    // AUTH (§3.15): reason 0x18 continues the running exchange, 0x19 starts a re-authentication; the method must be
    // the one CONNECT named (§4.12.1), anything else is a protocol error.
    private void OnAuth(ReadOnlySpan<byte> packet)
    {
        var rc = MqttPacketDecoder.DecodeDisconnect(packet, _version, out var auth);
        if (Fail(rc, "bad AUTH"))
        {
            return;
        }

        var method = auth.Properties.AuthenticationMethod;
        if (_authMethod is null || method.IsEmpty || !method.SequenceEqual(Encoding.UTF8.GetBytes(_authMethod)))
        {
            Fail(MqttReasonCode.ProtocolError, "AUTH without the method named in CONNECT");
            return;
        }

        var connecting = _pendingConnect is not null;
        switch (auth.ReasonCode)
        {
            case MqttReasonCode.ContinueAuthentication when _authExchange is not null:
                Advance(_authExchange.Step(auth.Properties.AuthenticationData), connecting);
                break;
            case MqttReasonCode.ReAuthenticate when !connecting && _authExchange is null:
                BeginAuthentication(auth.Properties.AuthenticationData, connecting: false);
                break;
            default:
                Fail(MqttReasonCode.ProtocolError, $"AUTH {auth.ReasonCode} out of turn");
                break;
        }
    }

    private void Advance(MqttAuthStep step, bool connecting)
    {
        if (step.Reason == MqttReasonCode.ContinueAuthentication)
        {
            WriteAuth(MqttReasonCode.ContinueAuthentication, step.Data);
            return;
        }

        _authExchange = null;
        if (MqttReasonCodes.IsError(step.Reason))
        {
            if (connecting)
            {
                _pendingConnect = null;
                RefuseConnect(step.Reason, _version, $"enhanced authentication ({_authMethod}) failed");
            }
            else
            {
                // §4.12.1: a failed re-authentication ends the connection with DISCONNECT and the reason.
                Close(step.Reason, $"re-authentication ({_authMethod}) failed");
            }

            return;
        }

        if (connecting)
        {
            var pending = _pendingConnect!;
            _pendingConnect = null;
            FinishConnect(pending, step.Data);
        }
        else
        {
            WriteAuth(MqttReasonCode.Success, step.Data);
            _context.Log($"mqtt broker: {Describe} re-authenticated ({_authMethod})");
        }
    }

    private void WriteAuth(MqttReasonCode reason, byte[]? data)
    {
        var props = default(MqttProperties);
        props.AuthenticationMethod = Encoding.UTF8.GetBytes(_authMethod!);
        props.AuthenticationData = data;
        lock (_outLock)
        {
            MqttPacketWriter.WriteDisconnect(_front, _version, new MqttDisconnect { Type = MqttPacketType.Auth, ReasonCode = reason, Properties = props });
            SignalLocked();
        }
    }
}
