using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Telemetry.Mqtt.Broker.Sessions;

namespace Telemetry.Mqtt.Broker;

/// <summary>
/// Reads a broker configuration file in mosquitto.conf syntax (one "key value" per line, '#' comments), accepting the
/// keys that mean the same here, so a site's mosquitto.conf subset works unchanged:
/// <c>port</c>/<c>listener</c> (plain TCP), <c>tls_port</c> (ours), <c>certfile</c> + <c>keyfile</c>, <c>password_file</c>,
/// <c>acl_file</c>, <c>allow_anonymous</c>, <c>persistence</c>, <c>persistence_location</c>, <c>max_queued_messages</c>,
/// <c>max_queued_bytes</c>, <c>queue_qos0_messages</c>, <c>max_inflight_messages</c>, <c>max_packet_size</c>,
/// <c>max_connections</c>, <c>max_keepalive</c>, <c>sys_interval</c>, <c>bind_address</c>.
/// </summary>
public static class BrokerConfigFile
{
    /// <summary>Applies the file at <paramref name="path"/> on top of <paramref name="options"/>; errors name the line, key and fix.</summary>
    public static MqttBrokerOptions Apply(string path, MqttBrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            throw new BrokerConfigException($"config file '{path}' does not exist; check --config.");
        }

        var lineNumber = 0;
        string? certFile = null;
        string? keyFile = null;
        bool persistence = options.PersistenceDirectory is not null;
        string? persistenceLocation = options.PersistenceDirectory;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.IndexOfAny([' ', '\t']);
            var key = space < 0 ? line : line[..space];
            var value = space < 0 ? string.Empty : line[(space + 1)..].Trim();
            if (value.Length == 0)
            {
                throw Error(path, lineNumber, key, "needs a value");
            }

            options = key switch
            {
                "port" or "listener" => options with { Port = Int(value, 0, 65535) },
                "tls_port" => options with { TlsPort = Int(value, 0, 65535) },
                "bind_address" => options with { BindAddress = System.Net.IPAddress.TryParse(value, out var a) ? a : throw Error(path, lineNumber, key, "is not an IP address") },
                "password_file" => options with { PasswordFile = value },
                "acl_file" => options with { AclFile = value },
                "allow_anonymous" => options with { AllowAnonymous = Bool(value) },
                "max_queued_messages" => options with { MaxQueuedMessages = Int(value, 0, int.MaxValue) },
                "max_queued_bytes" => options with { MaxQueuedBytes = Int(value, 0, int.MaxValue) },
                "queue_qos0_messages" => options with { QueueQos0WhileOffline = Bool(value) },
                "max_inflight_messages" => options with { MaxInflightPerClient = (ushort)Int(value, 1, 65535) },
                "max_packet_size" => options with { MaxPacketSize = Int(value, 64, 268_435_460) },
                "max_connections" => options with { MaxConnections = Int(value, 1, int.MaxValue) },
                "max_keepalive" => options with { ServerKeepAlive = (ushort)Int(value, 0, 65535) },
                "sys_interval" => options with { SysInterval = TimeSpan.FromSeconds(Int(value, 0, 86_400)) },
                "queue_overflow" => options with { QueueOverflowPolicy = value == "drop_newest" ? QueueOverflowPolicy.DropNewest : value == "drop_oldest" ? QueueOverflowPolicy.DropOldest : throw Error(path, lineNumber, key, "must be drop_oldest or drop_newest") },
                "certfile" => Keep(ref certFile, value, options),
                "keyfile" => Keep(ref keyFile, value, options),
                "persistence" => KeepBool(ref persistence, value, options),
                "persistence_location" => Keep(ref persistenceLocation, value, options),
                _ => throw Error(path, lineNumber, key, "is not a known key; see 'telemetry broker --help' for the supported mosquitto.conf subset"),
            };

            int Int(string text, int min, int max) =>
                int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                    ? n
                    : throw Error(path, lineNumber, key, $"must be a whole number from {min} to {max}");

            bool Bool(string text) => text switch
            {
                "true" => true,
                "false" => false,
                _ => throw Error(path, lineNumber, key, "must be true or false"),
            };

            MqttBrokerOptions KeepBool(ref bool target, string text, MqttBrokerOptions o)
            {
                target = Bool(text);
                return o;
            }
        }

        options = options with { PersistenceDirectory = persistence ? persistenceLocation ?? DefaultPersistenceDirectory : null };
        if (certFile is not null || keyFile is not null)
        {
            if (certFile is null || keyFile is null)
            {
                throw new BrokerConfigException($"config file '{path}': 'certfile' and 'keyfile' go together; give both PEM files.");
            }

            options = options with { TlsCertificate = LoadPem(certFile, keyFile), TlsPort = options.TlsPort ?? 8883 };
        }

        return options;
    }

    /// <summary>Where <c>telemetry broker</c> keeps its snapshot unless told otherwise.</summary>
    public static string DefaultPersistenceDirectory => Path.Combine(Environment.CurrentDirectory, "broker-data");

    /// <summary>Loads a PEM certificate and key (the files mosquitto's certfile/keyfile take).</summary>
    public static X509Certificate2 LoadPem(string certFile, string keyFile)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            // Re-import through PKCS#12 so SslStream on Linux can use the private key.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new BrokerConfigException($"cannot load TLS certificate '{certFile}' with key '{keyFile}': {e.Message}; give PEM files (certificate, unencrypted private key).", e);
        }
    }

    private static MqttBrokerOptions Keep(ref string? target, string value, MqttBrokerOptions options)
    {
        target = value;
        return options;
    }

    private static BrokerConfigException Error(string path, int line, string key, string what) =>
        new($"config file '{path}' line {line}: '{key}' {what}.");
}
