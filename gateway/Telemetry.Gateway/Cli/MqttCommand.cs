using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Telemetry.Mqtt;
using Telemetry.Mqtt.Packets;

namespace Telemetry.Gateway.Cli;

/// <summary><c>telemetry mqtt pub|sub</c>: a mosquitto_pub/mosquitto_sub-like client on our MQTT stack.</summary>
internal static class MqttCommand
{
    private static readonly Option<string> Host = new("--host", "-h") { Description = "Broker host", DefaultValueFactory = _ => "localhost" };
    private static readonly Option<int?> Port = new("--port", "-p") { Description = "Broker port (default 1883, or 8883 with TLS)" };
    private static readonly Option<string> Version = new("--mqtt-version", "-V")
    {
        Description = "Protocol version: 3.1.1 or 5",
        DefaultValueFactory = _ => "5",
    };

    private static readonly Option<string?> ClientId = new("--client-id", "-i") { Description = "Client identifier (default: generated)" };
    private static readonly Option<string?> UserName = new("--username", "-u") { Description = "User name" };
    private static readonly Option<string?> Password = new("--password", "-P") { Description = "Password" };
    private static readonly Option<FileInfo?> CaFile = new("--cafile") { Description = "PEM file of CA certificates to trust (enables TLS)" };
    private static readonly Option<FileInfo?> CertFile = new("--cert") { Description = "PEM client certificate (enables TLS; needs --key)" };
    private static readonly Option<FileInfo?> KeyFile = new("--key") { Description = "PEM private key of --cert" };
    private static readonly Option<bool> Tls = new("--tls") { Description = "Use TLS with the system trust store" };
    private static readonly Option<bool> Insecure = new("--insecure") { Description = "TLS without verifying the server (tests only)" };
    private static readonly Option<int> KeepAlive = new("--keepalive", "-k") { Description = "Keep-alive, seconds", DefaultValueFactory = _ => 30 };
    private static readonly Option<int> Qos = new("--qos", "-q") { Description = "QoS 0, 1 or 2", DefaultValueFactory = _ => 0 };

    public static Command Create()
    {
        var command = new Command("mqtt", "Publish or subscribe with the gateway's MQTT client (3.1.1 / 5.0, TLS).");
        command.Subcommands.Add(CreatePub());
        command.Subcommands.Add(CreateSub());
        return command;
    }

    private static void AddCommon(Command command)
    {
        foreach (var option in new Option[] { Host, Port, Version, ClientId, UserName, Password, CaFile, CertFile, KeyFile, Tls, Insecure, KeepAlive, Qos })
        {
            command.Options.Add(option);
        }

        Qos.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 2)
            {
                r.AddError("--qos must be 0, 1 or 2");
            }
        });
    }

    private static Command CreatePub()
    {
        var topic = new Option<string>("--topic", "-t") { Description = "Topic to publish to", Required = true };
        var file = new Option<string>("--file", "-f") { Description = "Read messages from this file, one per line; '-' is stdin", DefaultValueFactory = _ => "-" };
        var retain = new Option<bool>("--retain", "-r") { Description = "Set the RETAIN flag" };
        var command = new Command("pub", "Publish one message per input line; exits when every QoS 1/2 message is acknowledged.");
        AddCommon(command);
        command.Options.Add(topic);
        command.Options.Add(file);
        command.Options.Add(retain);
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = BuildOptions(result, "pub");
            if (options is null)
            {
                return 2;
            }

            var qos = (MqttQos)result.GetValue(Qos);
            var topicName = new MqttTopicName(result.GetValue(topic)!);
            var path = result.GetValue(file)!;
            await using var client = new MqttClient(options);
            client.Disconnected += info => Console.Error.WriteLine($"mqtt pub: {info}");
            try
            {
                await client.ConnectAsync(cancellationToken);
            }
            catch (MqttConnectException e)
            {
                Console.Error.WriteLine($"mqtt pub: {e.Message}");
                return 1;
            }

            await using var input = path == "-"
                ? Console.OpenStandardInput()
                : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            var publisher = new LinePublisher(client, topicName, qos, result.GetValue(retain));
            try
            {
                await publisher.PublishLinesAsync(input, cancellationToken);
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine($"mqtt pub: {e.Message}");
                return 1;
            }

            // Exit only once the broker has acknowledged every QoS 1/2 message (mosquitto_pub -l drops its queue at EOF).
            await client.WaitForInFlightAsync(cancellationToken);
            var refused = client.RefusedCount;
            await client.DisconnectAsync(cancellationToken: cancellationToken);
            Console.Error.WriteLine($"mqtt pub: {publisher.Sent} messages published at QoS {(int)qos}"
                + $" (in-flight window {client.ConnectionInfo?.ReceiveMaximum})"
                + (refused > 0 ? $", {refused} refused by the broker" : ""));
            return refused > 0 ? 1 : 0;
        });
        return command;
    }

    private static Command CreateSub()
    {
        var topic = new Option<string[]>("--topic", "-t") { Description = "Topic filter (repeatable)", Required = true, AllowMultipleArgumentsPerToken = false };
        var count = new Option<int>("--count", "-C") { Description = "Exit after this many messages (0 = never)", DefaultValueFactory = _ => 0 };
        var command = new Command("sub", "Subscribe and print 'topic payload' lines.");
        AddCommon(command);
        command.Options.Add(topic);
        command.Options.Add(count);
        command.SetAction(async (result, cancellationToken) =>
        {
            var stdout = new BufferedStream(Console.OpenStandardOutput(), 64 * 1024);
            var printer = new LinePrinter(stdout, result.GetValue(count));
            var options = BuildOptions(result, "sub");
            if (options is null)
            {
                return 2;
            }

            await using var client = new MqttClient(options with { MessageHandler = printer.Print });
            client.Disconnected += info => Console.Error.WriteLine($"mqtt sub: {info}");
            try
            {
                await client.ConnectAsync(cancellationToken);
                var qos = (MqttQos)result.GetValue(Qos);
                var filters = result.GetValue(topic)!.Select(t => new MqttSubscriptionRequest(t, qos)).ToArray();
                var granted = await client.SubscribeAsync(filters, cancellationToken);
                for (var i = 0; i < granted.Count; i++)
                {
                    if (MqttReasonCodes.IsError(granted[i]))
                    {
                        Console.Error.WriteLine($"mqtt sub: subscription to '{filters[i].Filter}' refused: {granted[i]}");
                        return 1;
                    }
                }
            }
            catch (MqttConnectException e)
            {
                Console.Error.WriteLine($"mqtt sub: {e.Message}");
                return 1;
            }

            try
            {
                await printer.Done.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C ends an open-ended subscription normally.
            }

            await client.DisconnectAsync(cancellationToken: CancellationToken.None);
            printer.Flush();
            return 0;
        });
        return command;
    }

    private static MqttClientOptions? BuildOptions(ParseResult result, string verb)
    {
        var versionText = result.GetValue(Version);
        MqttProtocolVersion version;
        switch (versionText)
        {
            case "3.1.1" or "311" or "4":
                version = MqttProtocolVersion.V311;
                break;
            case "5" or "5.0" or "500":
                version = MqttProtocolVersion.V500;
                break;
            default:
                Console.Error.WriteLine($"--mqtt-version '{versionText}' is not supported: use 3.1.1 or 5.");
                return null;
        }

        var tls = BuildTls(result);
        var clientId = result.GetValue(ClientId) ?? $"telemetry-{verb}-{Environment.ProcessId}";
        return new MqttClientOptions
        {
            Host = result.GetValue(Host)!,
            Port = result.GetValue(Port) ?? (tls is null ? 1883 : 8883),
            ProtocolVersion = version,
            ClientId = clientId,
            UserName = result.GetValue(UserName),
            Password = result.GetValue(Password),
            KeepAlive = TimeSpan.FromSeconds(result.GetValue(KeepAlive)),
            Tls = tls,
            MaxInFlight = 4096,
            // A bulk publisher: a deeper write buffer keeps it on the fast path instead of waiting on every drain.
            WriteBufferLimit = 1024 * 1024,
        };
    }

    private static MqttTlsOptions? BuildTls(ParseResult result)
    {
        var ca = result.GetValue(CaFile);
        var cert = result.GetValue(CertFile);
        var key = result.GetValue(KeyFile);
        var insecure = result.GetValue(Insecure);
        if (ca is null && cert is null && !insecure && !result.GetValue(Tls))
        {
            return null;
        }

        X509Certificate2Collection? roots = null;
        if (ca is not null)
        {
            roots = [];
            roots.ImportFromPemFile(ca.FullName);
        }

        X509Certificate2? client = null;
        if (cert is not null)
        {
            client = X509Certificate2.CreateFromPemFile(cert.FullName, (key ?? cert).FullName);
        }

        return new MqttTlsOptions { TrustedRoots = roots, ClientCertificate = client, AllowUntrustedServer = insecure };
    }
}
