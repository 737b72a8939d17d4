using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Telemetry.Mqtt.Internal;
using Telemetry.Mqtt.Packets;
using Telemetry.Protocols.Framing;

namespace Telemetry.Mqtt;

public sealed partial class MqttClient
{
    /// <summary>TCP, TLS, CONNECT, CONNACK, then session restore and the three loops.</summary>
    private async Task<MqttConnection> EstablishAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.ConnectTimeout);
        var token = timeout.Token;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            try
            {
                await socket.ConnectAsync(Options.Host, Options.Port, token).ConfigureAwait(false);
                stream = new NetworkStream(socket, ownsSocket: true);
                if (Options.Tls is { } tls)
                {
                    var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                    stream = ssl;
                    await ssl.AuthenticateAsClientAsync(TlsOptions(tls), token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException
                or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new MqttConnectException(MqttReasonCode.ServerUnavailable,
                    $"cannot reach {Options.Host}:{Options.Port}: {e.Message}", e);
            }

            var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
            // Reconnects resume the session whenever one can outlive the connection.
            var sessionOutlivesLink = Options.ProtocolVersion == MqttProtocolVersion.V500
                ? Options.SessionExpiryInterval > 0
                : !Options.CleanStart;
            var cleanStart = _everConnected ? !sessionOutlivesLink : Options.CleanStart;
            await WriteConnectAsync(stream, cleanStart, token).ConfigureAwait(false);
            MqttConnection connection;
            try
            {
                connection = await ReadConnAckAsync(socket, stream, input, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new MqttConnectException(MqttReasonCode.ServerUnavailable,
                    $"no CONNACK from {Options.Host}:{Options.Port} within {Options.ConnectTimeout.TotalSeconds:0.#} s", e);
            }

            await StartSessionAsync(connection).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            // Anything that fails before the loops own the socket must not leak it.
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            throw;
        }
    }

    private SslClientAuthenticationOptions TlsOptions(MqttTlsOptions tls)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = tls.TargetHost ?? Options.Host,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => ValidateServer(tls, certificate, errors),
        };
        if (tls.ClientCertificate is not null)
        {
            options.ClientCertificates = [tls.ClientCertificate];
        }

        return options;
    }

    private static bool ValidateServer(MqttTlsOptions tls, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (tls.AllowUntrustedServer)
        {
            return true;
        }

        if (tls.TrustedRoots is not { Count: > 0 } roots || certificate is null)
        {
            return errors == SslPolicyErrors.None;
        }

        // A private CA: the name must match; the chain must end at one of the given roots, not the system store.
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private async Task WriteConnectAsync(Stream stream, bool cleanStart, CancellationToken token)
    {
        var o = Options;
        var v5 = o.ProtocolVersion == MqttProtocolVersion.V500;
        var clientId = Encoding.UTF8.GetBytes(o.ClientId);
        var user = o.UserName is null ? null : MqttUtf8.Encode(o.UserName, nameof(o.UserName));
        var password = o.Password is null ? null : Encoding.UTF8.GetBytes(o.Password);
        var willTopic = o.Will is null ? null : MqttUtf8.Encode(o.Will.Topic, nameof(o.Will));
        var willContentType = o.Will?.ContentType is { } ct ? MqttUtf8.Encode(ct, nameof(o.Will)) : null;
        var output = new ArrayBufferWriter<byte>(256);
        var connect = new MqttConnect
        {
            ProtocolVersion = o.ProtocolVersion,
            CleanStart = cleanStart,
            KeepAlive = (ushort)Math.Min(o.KeepAlive.TotalSeconds, ushort.MaxValue),
            ClientId = clientId,
            HasUserName = user is not null,
            UserName = user,
            HasPassword = password is not null,
            Password = password,
        };
        var authMethod = v5 && o.Authenticator is { } authenticator ? MqttUtf8.Encode(authenticator.Method, nameof(o.Authenticator)) : null;
        var authData = authMethod is null ? null : o.Authenticator!.Begin();
        if (v5)
        {
            connect.Properties = new MqttProperties
            {
                SessionExpiryInterval = o.SessionExpiryInterval == 0 ? null : o.SessionExpiryInterval,
                ReceiveMaximum = ushort.MaxValue,
                MaximumPacketSize = (uint)o.MaxIncomingPacketSize,
                TopicAliasMaximum = o.TopicAliasMaximum == 0 ? null : o.TopicAliasMaximum,
                AuthenticationMethod = authMethod,
                AuthenticationData = authData,
            };
        }

        if (o.Will is { } will)
        {
            connect.HasWill = true;
            connect.WillQos = will.Qos;
            connect.WillRetain = will.Retain;
            connect.WillTopic = willTopic;
            connect.WillPayload = will.Payload.Span;
            if (v5)
            {
                connect.WillProperties = new MqttProperties
                {
                    WillDelayInterval = will.DelayInterval == 0 ? null : will.DelayInterval,
                    MessageExpiryInterval = will.MessageExpiryInterval,
                    ContentType = willContentType,
                };
            }
        }

        MqttPacketWriter.WriteConnect(output, connect);
        await stream.WriteAsync(output.WrittenMemory, token).ConfigureAwait(false);
        await stream.FlushAsync(token).ConfigureAwait(false);
    }

    private async Task<MqttConnection> ReadConnAckAsync(Socket socket, Stream stream, PipeReader input, CancellationToken token)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(token).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new MqttConnectException(MqttReasonCode.ServerUnavailable, $"connection lost before CONNACK: {e.Message}", e);
            }

            var buffer = result.Buffer;
            var status = MqttFramer.TryReadPacket(ref buffer, Options.MaxIncomingPacketSize, Options.ProtocolVersion, out var packet, out var reason);
            if (status == FrameStatus.NeedMoreData)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    throw new MqttConnectException(MqttReasonCode.ServerUnavailable, "server closed the connection before CONNACK");
                }

                continue;
            }

            if (status == FrameStatus.Invalid)
            {
                throw new MqttConnectException(reason, $"bad packet instead of CONNACK: {reason}");
            }

            var bytes = packet.ToArray();
            input.AdvanceTo(buffer.Start);
            if (MqttPacketDecoder.TypeOf(bytes) == MqttPacketType.Auth && Options.ProtocolVersion == MqttProtocolVersion.V500
                && Options.Authenticator is not null)
            {
                await AnswerChallengeDuringConnectAsync(stream, bytes, token).ConfigureAwait(false);
                continue;
            }

            if (MqttPacketDecoder.TypeOf(bytes) != MqttPacketType.ConnAck)
            {
                throw new MqttConnectException(MqttReasonCode.ProtocolError, $"expected CONNACK, got {MqttPacketDecoder.TypeOf(bytes)}");
            }

            var decoded = MqttPacketDecoder.DecodeConnAck(bytes, Options.ProtocolVersion, out var connAck);
            if (decoded != MqttReasonCode.Success)
            {
                throw new MqttConnectException(decoded, $"malformed CONNACK: {decoded}");
            }

            if (MqttReasonCodes.IsError(connAck.ReasonCode))
            {
                var text = connAck.Properties.ReasonString.IsEmpty ? "" : ": " + Encoding.UTF8.GetString(connAck.Properties.ReasonString);
                throw new MqttConnectException(connAck.ReasonCode, $"server refused the connection: {connAck.ReasonCode}{text}");
            }

            if (Options.ProtocolVersion == MqttProtocolVersion.V500 && Options.Authenticator is { } authenticator)
            {
                VerifyAuthenticatedConnAck(authenticator, connAck.Properties.AuthenticationMethod, connAck.Properties.AuthenticationData);
            }

            return NewConnection(socket, stream, input, connAck);
        }
    }

    private MqttConnection NewConnection(Socket socket, Stream stream, PipeReader input, in MqttConnAck connAck)
    {
        var p = connAck.Properties;
        var keepAlive = p.ServerKeepAlive is { } serverKeepAlive ? TimeSpan.FromSeconds(serverKeepAlive) : Options.KeepAlive;
        var window = Math.Min(Options.MaxInFlight, p.ReceiveMaximum ?? ushort.MaxValue);
        var connection = new MqttConnection(socket, stream, input, Options.WriteBufferLimit)
        {
            Version = Options.ProtocolVersion,
            KeepAlive = keepAlive,
            ServerTopicAliasMaximum = Options.UseTopicAliases ? p.TopicAliasMaximum ?? 0 : (ushort)0,
            IncomingAliases = new byte[]?[Options.TopicAliasMaximum + 1],
        };
        SetTcpUserTimeout(socket, Options.TcpUserTimeout ?? keepAlive * 1.5);
        connection.Info = new MqttConnectedInfo
        {
            SessionPresent = connAck.SessionPresent,
            ReceiveMaximum = window,
            MaximumQos = (MqttQos)(p.MaximumQos ?? 2),
            MaximumPacketSize = p.MaximumPacketSize,
            TopicAliasMaximum = connection.ServerTopicAliasMaximum,
            AssignedClientId = p.AssignedClientIdentifier.IsEmpty ? null : Encoding.UTF8.GetString(p.AssignedClientIdentifier),
            KeepAlive = keepAlive,
            RetainAvailable = p.RetainAvailable != 0,
        };
        return connection;
    }

    /// <summary>
    /// TCP_USER_TIMEOUT (Linux, IPPROTO_TCP = 6, option 18, milliseconds; tcp(7)): data unacknowledged for this long
    /// (zero-window probes included) aborts the connection in the kernel, which fails the pending send and read.
    /// </summary>
    private static void SetTcpUserTimeout(Socket socket, TimeSpan timeout)
    {
        if (!OperatingSystem.IsLinux() || timeout <= TimeSpan.Zero)
        {
            return;
        }

        var milliseconds = (int)Math.Min(timeout.TotalMilliseconds, int.MaxValue);
        socket.SetRawSocketOption(IpProtoTcp, TcpUserTimeoutOption, BitConverter.GetBytes(milliseconds));
    }

    private const int IpProtoTcp = 6;
    private const int TcpUserTimeoutOption = 18;

    /// <summary>
    /// Restores the session on a new connection, before any new publish can reach it: resend every in-flight
    /// message in original order (§4.4), resubscribe when the server lost the session, start the loops.
    /// </summary>
    private async Task StartSessionAsync(MqttConnection connection)
    {
        var info = connection.Info;
        AdjustWindow(info.ReceiveMaximum);
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!info.SessionPresent)
            {
                // The server has no state for us: its QoS 2 dedup is gone, so is ours for incoming messages.
                Array.Clear(_incomingQos2);
            }

            ResendInFlight(connection, info.SessionPresent);
            if (!info.SessionPresent)
            {
                WriteResubscribe(connection);
            }

            connection.Completion = RunLoopsAsync(connection);
            _connection = connection;
            _everConnected = true;
            ConnectionInfo = info;
            await connection.Output.Writer.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        lock (_stateLock)
        {
            _connected.TrySetResult();
        }

        Connected?.Invoke(info);
    }

    /// <summary>Re-sends un-acknowledged PUBLISH (DUP=1) and PUBREL in submission order (MQTT 3.1.1 §4.4, 5.0 §4.4).</summary>
    private void ResendInFlight(MqttConnection connection, bool sessionPresent)
    {
        var writer = connection.Output.Writer;
        foreach (var message in _store.SnapshotInOrder())
        {
            if (message.State == OutgoingState.AwaitingComplete)
            {
                if (sessionPresent)
                {
                    MqttPacketWriter.WritePublishAck(writer, MqttPacketType.PubRel, message.PacketId);
                }
                else if (_store.Remove(message.PacketId) is { } done)
                {
                    // PUBREC proved the server had the message; without a session there is nothing to release.
                    Settle(done, MqttReasonCode.Success);
                }

                continue;
            }

            var remaining = RemainingExpiry(message);
            if (remaining == 0)
            {
                // Expired while waiting for a link: the receiver would have to discard it, so it is not sent (counted).
                if (_store.Remove(message.PacketId) is { } expired)
                {
                    Interlocked.Increment(ref _expired);
                    if (expired.Detached)
                    {
                        _store.Recycle(expired);
                    }
                    else
                    {
                        expired.Fail(new TimeoutException(
                            $"message expired: its Message Expiry Interval of {expired.ExpiryInterval} s ran out before the link came back"));
                    }

                    ReleaseWindow(1);
                }

                continue;
            }

            if (message.AliasedTopic is not null || remaining is not null)
            {
                RewriteForResend(message, remaining);
            }

            message.SetDup();
            writer.Write(message.Packet);
        }
    }

    /// <summary>Seconds of Message Expiry left for a stored message (0 = expired), or null when it has none.</summary>
    private static uint? RemainingExpiry(OutgoingMessage message)
    {
        if (message.ExpiryInterval is not { } interval)
        {
            return null;
        }

        var waited = (ulong)Math.Max(0, Environment.TickCount64 - message.StoredAt) / 1000;
        return waited >= interval ? 0 : interval - (uint)waited;
    }

    // Topic aliases belong to one connection (§3.3.2.3.4): re-encode with the full topic and no alias. The Message
    // Expiry Interval is lowered by the time the message waited, as a server does when it forwards (§3.3.2.3.3).
    private static void RewriteForResend(OutgoingMessage message, uint? remainingExpiry)
    {
        var topic = message.AliasedTopic;
        var copy = new ArrayBufferWriter<byte>(message.Length + (topic?.Utf8.Length ?? 0));
        MqttPacketDecoder.DecodePublish(message.Packet, MqttProtocolVersion.V500, out var publish);
        var properties = publish.Properties;
        if (topic is not null)
        {
            properties.TopicAlias = null;
            publish.Topic = topic.Utf8.Span;
        }

        if (remainingExpiry is { } left)
        {
            properties.MessageExpiryInterval = left;
        }

        publish.Properties = properties;
        MqttPacketWriter.WritePublish(copy, MqttProtocolVersion.V500, publish);
        copy.WrittenSpan.CopyTo(message.Reserve(copy.WrittenCount));
        message.AliasedTopic = null;
    }

    // The window starts at MaxInFlight; permits are held back while the server's Receive Maximum is lower.
    private void AdjustWindow(int limit)
    {
        Volatile.Write(ref _windowLowWater, Math.Max(1, Math.Min(limit, Options.MaxInFlight) / 4));
        var wantHeld = Options.MaxInFlight - limit;
        int delta;
        lock (_stateLock)
        {
            delta = wantHeld - _windowHeld;
            _windowHeld = wantHeld;
        }

        if (delta < 0)
        {
            ReleaseWindow(-delta);
        }
        else if (delta > 0)
        {
            _ = HoldPermitsAsync(delta);
        }
    }

    private async Task HoldPermitsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _window.WaitAsync(_lifetime.Token).ConfigureAwait(false);
        }
    }

    private async Task SuperviseAsync(MqttConnection? connection)
    {
        var attempt = 0;
        while (true)
        {
            if (connection is not null)
            {
                await connection.Completion.ConfigureAwait(false);
                EndConnection(connection);
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            if (_stopping || _lifetime.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(BackoffDelay(attempt++), _lifetime.Token).ConfigureAwait(false);
                connection = await EstablishAsync(_lifetime.Token).ConfigureAwait(false);
                attempt = 0;
            }
            catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
            {
                return;
            }
            catch (MqttConnectException e)
            {
                connection = null;
                RaiseDisconnected(new MqttDisconnectInfo
                {
                    Reason = e.Reason,
                    ByServer = e.InnerException is null,
                    Message = "reconnect failed: " + e.Message,
                    Exception = e.InnerException,
                });
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // Whatever breaks one attempt must not stop the reconnect loop (MQTTnet #1239); report and retry.
                connection = null;
                RaiseDisconnected(new MqttDisconnectInfo { Reason = MqttReasonCode.UnspecifiedError, Message = "reconnect failed", Exception = e });
            }
        }
    }

    /// <summary>Exponential backoff with full jitter: uniform in [0, min(max, min·2^attempt)].</summary>
    private TimeSpan BackoffDelay(int attempt)
    {
        var ceiling = Options.ReconnectMinDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        ceiling = Math.Min(ceiling, Options.ReconnectMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    private void EndConnection(MqttConnection connection)
    {
        connection.Abort(new MqttDisconnectInfo { Reason = MqttReasonCode.UnspecifiedError, Message = "connection ended" });
        Detach(connection);
        RaiseDisconnected(connection.DisconnectInfo!);
    }

    /// <summary>Forgets a dead connection (idempotent): publishers then wait for, or store for, the next one.</summary>
    private void Detach(MqttConnection connection)
    {
        lock (_stateLock)
        {
            if (_connection == connection)
            {
                _connection = null;
            }

            if (_connected.Task.IsCompleted && !_lifetime.IsCancellationRequested)
            {
                _connected = NewSignal();
            }
        }
    }
}
