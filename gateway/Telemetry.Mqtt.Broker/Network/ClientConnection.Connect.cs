using System.Text;
using Telemetry.Mqtt.Broker.Sessions;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt.Broker.Network;

internal sealed partial class ClientConnection
{
    private MqttProtocolVersion _version = MqttProtocolVersion.V311;
    private Session? _session;
    private string? _clientId;
    private string? _username;
    private int _keepAlive;
    private int _clientReceiveMaximum = ushort.MaxValue;
    private int _clientMaximumPacketSize = int.MaxValue;
    private BrokerMessage? _will;
    private uint _willDelaySeconds;
    private bool _connectSeen;

    // CONNECT (MQTT 3.1.1 §3.1, 5.0 §3.1): protocol name/level, flags, keep alive, [properties], client id,
    // [will properties, will topic, will payload], [user name], [password]. Answered by CONNACK (§3.2).
    private void OnConnect(ReadOnlySpan<byte> packet)
    {
        if (_connectSeen)
        {
            // §3.1.0-2: a second CONNECT is a protocol violation.
            Close(MqttReasonCode.ProtocolError, "second CONNECT");
            return;
        }

        _connectSeen = true;
        var rc = MqttPacketDecoder.DecodeConnect(packet, out var connect);
        if (rc != MqttReasonCode.Success)
        {
            _context.Statistics.ProtocolError();
            if (rc == MqttReasonCode.UnsupportedProtocolVersion)
            {
                // §3.1.2.2: answer CONNACK 0x01 (3.1.1 form, the one every client version can read), then close.
                RefuseConnect(MqttReasonCode.UnsupportedProtocolVersion, MqttProtocolVersion.V311, "unsupported protocol version");
                return;
            }

            _version = connect.ProtocolVersion == MqttProtocolVersion.V500 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311;
            RefuseConnect(rc, _version, "malformed CONNECT");
            return;
        }

        _version = connect.ProtocolVersion;
        _framer.Version = _version;
        var v5 = _version == MqttProtocolVersion.V500;
        var options = _context.Options;

        if (v5 && !connect.Properties.AuthenticationMethod.IsEmpty && !AcceptAuthenticationMethod(connect.Properties.AuthenticationMethod))
        {
            return;
        }

        // Client identifier (§3.1.3.1): an empty one gets a generated id, except for a 3.1.1 persistent session.
        var clientId = Encoding.UTF8.GetString(connect.ClientId);
        var assigned = false;
        if (clientId.Length == 0)
        {
            if (!v5 && !connect.CleanStart)
            {
                RefuseConnect(MqttReasonCode.ClientIdentifierNotValid, _version, "empty client id with a persistent session");
                return;
            }

            clientId = "auto-" + Guid.NewGuid().ToString("N");
            assigned = true;
        }

        _clientId = clientId;
        string? username = connect.HasUserName ? Encoding.UTF8.GetString(connect.UserName) : null;
        if (!Authenticate(username, connect.HasPassword ? connect.Password : default, out var refusal))
        {
            RefuseConnect(refusal, _version, username is null ? "anonymous clients are not allowed" : $"bad credentials for user '{username}'");
            return;
        }

        _username = username;
        if (connect.HasWill && !PrepareWill(connect, clientId))
        {
            return;
        }

        // Keep alive: MQTT 5 servers may impose their own (§3.2.2.3.14).
        _keepAlive = v5 && options.ServerKeepAlive is { } serverKeepAlive ? serverKeepAlive : connect.KeepAlive;
        if (v5)
        {
            _clientReceiveMaximum = connect.Properties.ReceiveMaximum ?? ushort.MaxValue;
            _clientMaximumPacketSize = (int)Math.Min(connect.Properties.MaximumPacketSize ?? int.MaxValue, int.MaxValue);
        }

        // Session lifetime: 3.1.1 clean session = ends with the connection, otherwise kept until the client cleans it;
        // 5.0 Session Expiry Interval (§3.1.2.11.2), 0xFFFFFFFF meaning never.
        var expiry = v5 ? connect.Properties.SessionExpiryInterval ?? 0 : connect.CleanStart ? 0u : uint.MaxValue;
        var pending = new PendingConnect(connect.CleanStart, expiry, assigned);
        if (_authMethod is not null)
        {
            // §4.12: CONNACK waits until the exchange (AUTH 0x18 round trips) has accepted the client.
            _pendingConnect = pending;
            BeginAuthentication(connect.Properties.AuthenticationData, connecting: true);
            return;
        }

        FinishConnect(pending, authData: null);
    }

    /// <summary>What CONNECT asked for, kept while an enhanced authentication exchange runs.</summary>
    private sealed record PendingConnect(bool CleanStart, uint Expiry, bool AssignedClientId);

    private void FinishConnect(PendingConnect pending, byte[]? authData)
    {
        var v5 = _version == MqttProtocolVersion.V500;
        var clientId = _clientId!;
        var core = _context.Core;
        IClientLink? displaced;
        lock (core.Gate)
        {
            // CONNACK is queued under the routing lock so no PUBLISH to this session can overtake it.
            var session = core.Attach(clientId, _username, pending.CleanStart, pending.Expiry, this, out var present, out displaced);
            _session = session;
            WriteConnAck(present, pending.AssignedClientId ? clientId : null, authData);
            core.Resume(session);
        }

        if (displaced is ClientConnection old && !ReferenceEquals(old, this))
        {
            old.Close(MqttReasonCode.SessionTakenOver, "another connection took over the session");
        }

        _context.Statistics.ClientConnected();
        _context.Log($"mqtt broker: {Describe} connected (MQTT {(v5 ? "5.0" : "3.1.1")}, keep alive {_keepAlive} s, session expiry {pending.Expiry}"
            + (_authMethod is null ? ")" : $", authenticated by {_authMethod})"));
    }

    private bool Authenticate(string? username, ReadOnlySpan<byte> password, out MqttReasonCode refusal)
    {
        refusal = MqttReasonCode.Success;
        if (username is null)
        {
            if (_context.AllowAnonymous)
            {
                return true;
            }

            refusal = MqttReasonCode.NotAuthorized;
            return false;
        }

        if (_context.Passwords is null || _context.Passwords.Verify(username, password))
        {
            return true;
        }

        refusal = MqttReasonCode.BadUserNameOrPassword;
        return false;
    }

    private bool PrepareWill(in MqttConnect connect, string clientId)
    {
        var topic = Encoding.UTF8.GetString(connect.WillTopic);
        if (!Routing.TopicFilter.IsValidTopicName(topic))
        {
            RefuseConnect(MqttReasonCode.TopicNameInvalid, _version, $"invalid will topic '{topic}'");
            return false;
        }

        if ((_context.Acl is { } acl && !acl.CanWrite(clientId, _username, topic)) || topic.StartsWith("$SYS", StringComparison.Ordinal))
        {
            RefuseConnect(MqttReasonCode.NotAuthorized, _version, $"will topic '{topic}' not allowed by the ACL");
            return false;
        }

        var props = connect.WillProperties;
        var expiry = props.MessageExpiryInterval is { } seconds ? _context.Core.NowUnixMs + (seconds * 1000L) : 0;
        _will = new BrokerMessage
        {
            Topic = topic,
            TopicBytes = connect.WillTopic.ToArray(),
            Payload = connect.WillPayload.ToArray(),
            Qos = (byte)connect.WillQos,
            Retain = connect.WillRetain,
            ExpiresAtUnixMs = expiry,
            PublisherClientId = clientId,
            Properties = _version == MqttProtocolVersion.V500 ? ToMessageProperties(props) : null,
        };
        _willDelaySeconds = props.WillDelayInterval ?? 0;
        return true;
    }

    private void WriteConnAck(bool sessionPresent, string? assignedClientId, byte[]? authData)
    {
        var options = _context.Options;
        var ack = new MqttConnAck { SessionPresent = sessionPresent, ReasonCode = MqttReasonCode.Success };
        if (_version == MqttProtocolVersion.V500)
        {
            var props = default(MqttProperties);
            props.ReceiveMaximum = options.ReceiveMaximum;
            props.MaximumPacketSize = (uint)options.MaxPacketSize;
            props.TopicAliasMaximum = options.TopicAliasMaximum;
            if (options.ServerKeepAlive is { } keepAlive)
            {
                props.ServerKeepAlive = keepAlive;
            }

            if (assignedClientId is not null)
            {
                props.AssignedClientIdentifier = Encoding.UTF8.GetBytes(assignedClientId);
            }

            if (_authMethod is not null)
            {
                // §3.2.2.3.17: the CONNACK of an enhanced authentication names the method (and may carry final data).
                props.AuthenticationMethod = Encoding.UTF8.GetBytes(_authMethod);
                props.AuthenticationData = authData;
            }

            ack.Properties = props;
        }

        lock (_outLock)
        {
            MqttPacketWriter.WriteConnAck(_front, _version, ack);
            SignalLocked();
        }
    }

    /// <summary>CONNACK with a failure (§3.2.2.2: then close). 3.1.1 gets the nearest return code.</summary>
    private void RefuseConnect(MqttReasonCode reason, MqttProtocolVersion version, string why)
    {
        _context.Statistics.ConnectionRefused();
        lock (_outLock)
        {
            MqttPacketWriter.WriteConnAck(_front, version, new MqttConnAck { ReasonCode = reason });
            SignalLocked();
        }

        Close(reason, "CONNECT refused: " + why);
    }

    private static MessageProperties? ToMessageProperties(in MqttProperties p)
    {
        if (p.PayloadFormatIndicator is null && p.ContentType.IsEmpty && p.ResponseTopic.IsEmpty && p.CorrelationData.IsEmpty && p.UserProperties.IsEmpty)
        {
            return null;
        }

        return new MessageProperties
        {
            PayloadFormatIndicator = p.PayloadFormatIndicator,
            ContentType = p.ContentType.IsEmpty ? null : p.ContentType.ToArray(),
            ResponseTopic = p.ResponseTopic.IsEmpty ? null : p.ResponseTopic.ToArray(),
            CorrelationData = p.CorrelationData.IsEmpty ? null : p.CorrelationData.ToArray(),
            UserProperties = p.UserProperties.IsEmpty ? null : p.UserProperties.ToArray(),
        };
    }

    /// <summary>The socket is gone: hand the session back to the core (will, expiry) exactly once.</summary>
    private void ConnectionLost()
    {
        Interlocked.Exchange(ref _closing, 1);
        var session = Interlocked.Exchange(ref _session, null);
        if (session is null)
        {
            return;
        }

        _context.Core.Detach(session, this, _will, _willDelaySeconds);
        _context.Statistics.ClientDisconnected();
        _context.Log($"mqtt broker: {Describe} disconnected{(_closeWhy is null ? string.Empty : ": " + _closeWhy)}");
    }
}
