using System.CommandLine;
using Telemetry.Mqtt.Broker;

namespace Telemetry.Gateway.Cli;

/// <summary><c>telemetry broker</c>: runs the embedded MQTT broker standalone until Ctrl+C / SIGTERM.</summary>
internal static class BrokerCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "mosquitto.conf-style file (port, password_file, acl_file, certfile/keyfile, persistence, limits)" };
        var port = new Option<int?>("--port") { Description = "Plain MQTT port (default 1883)" };
        var noPlain = new Option<bool>("--no-plain") { Description = "Do not open the plain TCP listener (TLS only)" };
        var tlsPort = new Option<int?>("--tls-port") { Description = "MQTT over TLS port (needs --tls-cert and --tls-key)" };
        var tlsCert = new Option<FileInfo?>("--tls-cert") { Description = "PEM server certificate for the TLS listener" };
        var tlsKey = new Option<FileInfo?>("--tls-key") { Description = "PEM private key for the TLS listener" };
        var passwordFile = new Option<FileInfo?>("--password-file") { Description = "mosquitto password_file (mosquitto_passwd hashes)" };
        var aclFile = new Option<FileInfo?>("--acl-file") { Description = "mosquitto acl_file (user/topic/pattern rules)" };
        var data = new Option<DirectoryInfo?>("--data-dir") { Description = "Persistence directory (default ./broker-data)" };
        var noPersistence = new Option<bool>("--no-persistence") { Description = "Keep sessions and retained messages in memory only" };
        var bind = new Option<string?>("--bind") { Description = "Address to listen on (default all)" };
        var quiet = new Option<bool>("--quiet") { Description = "Log only errors" };

        var command = new Command("broker", "Run the embedded MQTT 3.1.1/5.0 broker (mosquitto-compatible password and ACL files).");
        foreach (var option in new Option[] { config, port, noPlain, tlsPort, tlsCert, tlsKey, passwordFile, aclFile, data, noPersistence, bind, quiet })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var options = new MqttBrokerOptions { PersistenceDirectory = BrokerConfigFile.DefaultPersistenceDirectory };
                if (parse.GetValue(config) is { } configFile)
                {
                    options = BrokerConfigFile.Apply(configFile.FullName, options);
                }

                // Command-line options win over the file.
                if (parse.GetValue(port) is { } p)
                {
                    options = options with { Port = p };
                }

                if (parse.GetValue(noPlain))
                {
                    options = options with { Port = null };
                }

                if (parse.GetValue(tlsPort) is { } tp)
                {
                    options = options with { TlsPort = tp };
                }

                if (parse.GetValue(tlsCert) is { } cert)
                {
                    var key = parse.GetValue(tlsKey) ?? throw new BrokerConfigException("--tls-cert needs --tls-key (PEM private key).");
                    options = options with { TlsCertificate = BrokerConfigFile.LoadPem(cert.FullName, key.FullName), TlsPort = options.TlsPort ?? 8883 };
                }

                if (parse.GetValue(passwordFile) is { } pw)
                {
                    options = options with { PasswordFile = pw.FullName };
                }

                if (parse.GetValue(aclFile) is { } acl)
                {
                    options = options with { AclFile = acl.FullName };
                }

                if (parse.GetValue(data) is { } dir)
                {
                    options = options with { PersistenceDirectory = dir.FullName };
                }

                if (parse.GetValue(noPersistence))
                {
                    options = options with { PersistenceDirectory = null };
                }

                if (parse.GetValue(bind) is { } address)
                {
                    options = options with
                    {
                        BindAddress = System.Net.IPAddress.TryParse(address, out var ip) ? ip : throw new BrokerConfigException($"--bind '{address}' is not an IP address."),
                    };
                }

                var verbose = !parse.GetValue(quiet);
                await using var broker = new MqttBroker(options, line =>
                {
                    if (verbose)
                    {
                        Console.Error.WriteLine(line);
                    }
                });
                await broker.StartAsync(cancellationToken);
                Console.Error.WriteLine($"telemetry broker: MQTT on port {broker.Port}{(broker.TlsPort != 0 ? $", TLS on {broker.TlsPort}" : string.Empty)}; persistence {(options.PersistenceDirectory ?? "off")}. Ctrl+C stops.");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C / SIGTERM: stop cleanly below (final snapshot, DISCONNECT to MQTT 5 clients).
                }

                await broker.StopAsync(CancellationToken.None);
                return 0;
            }
            catch (BrokerConfigException e)
            {
                Console.Error.WriteLine("telemetry broker: " + e.Message);
                return 2;
            }
        });
        return command;
    }
}
