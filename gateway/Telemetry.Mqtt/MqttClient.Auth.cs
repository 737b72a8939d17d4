using Telemetry.Mqtt.Internal;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Mqtt;

/// <summary>MQTT 5.0 enhanced authentication (§4.12): challenges during CONNECT and re-authentication on demand.</summary>
public sealed partial class MqttClient
{
    private TaskCompletionSource<MqttReasonCode>? _reauthentication;

    /// <summary>
    /// Re-authenticates on the live connection (AUTH 0x19, then the same challenge/response as at connect, §4.12.1).
    /// Completes when the server answers AUTH 0x00; a refusing server closes the connection, and this throws
    /// <see cref="MqttConnectException"/> with its reason (e.g. 0x87 Not authorized).
    /// </summary>
    public async Task ReauthenticateAsync(CancellationToken cancellationToken = default)
    {
        if (Options.ProtocolVersion != MqttProtocolVersion.V500 || Options.Authenticator is not { } authenticator)
        {
            throw new InvalidOperationException("Re-authentication needs MQTT 5.0 and MqttClientOptions.Authenticator.");
        }

        var connection = _connection ?? throw new InvalidOperationException("Not connected.");
        var done = new TaskCompletionSource<MqttReasonCode>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _reauthentication, done, null) is not null)
        {
            throw new InvalidOperationException("A re-authentication is already running.");
        }

        try
        {
            // A connection that ends mid-exchange ends the exchange with the disconnect reason (a refusal is one).
            using var lost = connection.Cancel.Token.Register(() => done.TrySetException(new MqttConnectException(
                connection.DisconnectInfo?.Reason ?? MqttReasonCode.UnspecifiedError,
                $"connection closed during re-authentication: {connection.DisconnectInfo}")));
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                WriteAuth(connection.Output.Writer, MqttReasonCode.ReAuthenticate, authenticator.Method, authenticator.Begin());
                await connection.Output.Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }

            await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.CompareExchange(ref _reauthentication, null, done);
        }
    }

    /// <summary>AUTH 0x18 before CONNACK: answer it on the stream directly (the loops are not running yet).</summary>
    private async Task AnswerChallengeDuringConnectAsync(Stream stream, byte[] packet, CancellationToken token)
    {
        var authenticator = Options.Authenticator!;
        var decoded = MqttPacketDecoder.DecodeDisconnect(packet, MqttProtocolVersion.V500, out var auth);
        if (decoded != MqttReasonCode.Success)
        {
            throw new MqttConnectException(decoded, $"malformed AUTH during connect: {decoded}");
        }

        if (auth.ReasonCode != MqttReasonCode.ContinueAuthentication || !IsOurMethod(authenticator, auth.Properties.AuthenticationMethod))
        {
            throw new MqttConnectException(MqttReasonCode.ProtocolError, $"unexpected AUTH {auth.ReasonCode} during connect");
        }

        var answer = authenticator.Respond(auth.Properties.AuthenticationData);
        var output = new System.Buffers.ArrayBufferWriter<byte>(64 + answer.Length);
        WriteAuth(output, MqttReasonCode.ContinueAuthentication, authenticator.Method, answer);
        await stream.WriteAsync(output.WrittenMemory, token).ConfigureAwait(false);
        await stream.FlushAsync(token).ConfigureAwait(false);
    }

    private static void VerifyAuthenticatedConnAck(IMqttAuthenticator authenticator, ReadOnlySpan<byte> method, ReadOnlySpan<byte> data)
    {
        // §3.2.2.3.17: the CONNACK names the method that authenticated us; the authenticator checks the server's proof.
        if (!IsOurMethod(authenticator, method))
        {
            throw new MqttConnectException(MqttReasonCode.ProtocolError, "CONNACK does not name our authentication method");
        }

        if (!authenticator.Complete(data))
        {
            throw new MqttConnectException(MqttReasonCode.NotAuthorized, "the server failed to prove its identity (enhanced authentication)");
        }
    }

    /// <summary>AUTH from the server on a live connection (reader loop): a challenge or the end of a re-authentication.</summary>
    private MqttReasonCode OnAuth(MqttConnection connection, MqttReasonCode reason, ReadOnlySpan<byte> method, ReadOnlySpan<byte> data)
    {
        var authenticator = Options.Authenticator!;
        var running = Volatile.Read(ref _reauthentication);
        if (running is null || !IsOurMethod(authenticator, method))
        {
            // §4.12.1: AUTH only belongs to an exchange we started, with our method.
            return MqttReasonCode.ProtocolError;
        }

        switch (reason)
        {
            case MqttReasonCode.ContinueAuthentication:
                var answer = authenticator.Respond(data);
                _writeLock.Wait();
                try
                {
                    WriteAuth(connection.Output.Writer, MqttReasonCode.ContinueAuthentication, authenticator.Method, answer);
                    var flush = connection.Output.Writer.FlushAsync();
                    if (!flush.IsCompleted)
                    {
                        flush.AsTask().GetAwaiter().GetResult();
                    }
                }
                finally
                {
                    _writeLock.Release();
                }

                return MqttReasonCode.Success;
            case MqttReasonCode.Success:
                if (!authenticator.Complete(data))
                {
                    running.TrySetException(new MqttConnectException(MqttReasonCode.NotAuthorized, "the server failed to prove its identity on re-authentication"));
                    return MqttReasonCode.NotAuthorized;
                }

                running.TrySetResult(MqttReasonCode.Success);
                return MqttReasonCode.Success;
            default:
                return MqttReasonCode.ProtocolError;
        }
    }

    private static bool IsOurMethod(IMqttAuthenticator authenticator, ReadOnlySpan<byte> method)
        => !method.IsEmpty && method.SequenceEqual(System.Text.Encoding.UTF8.GetBytes(authenticator.Method));

    private static void WriteAuth(System.Buffers.IBufferWriter<byte> output, MqttReasonCode reason, string method, byte[]? data)
    {
        var properties = new MqttProperties
        {
            AuthenticationMethod = MqttUtf8.Encode(method, nameof(IMqttAuthenticator.Method)),
            AuthenticationData = data,
        };
        MqttPacketWriter.WriteDisconnect(output, MqttProtocolVersion.V500,
            new MqttDisconnect { Type = MqttPacketType.Auth, ReasonCode = reason, Properties = properties });
    }
}
