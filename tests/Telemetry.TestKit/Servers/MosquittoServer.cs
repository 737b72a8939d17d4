using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Telemetry.TestKit;

/// <summary>
/// A real mosquitto broker on free loopback ports with a generated config: a plain listener, optionally a TLS
/// listener (certificates generated here), a password file (made with mosquitto_passwd) and an ACL.
/// </summary>
public sealed class MosquittoServer : ServerProcess
{
    /// <summary>Path of the broker binary (Debian package mosquitto).</summary>
    public const string Binary = "/usr/sbin/mosquitto";

    private MosquittoServer()
        : base("mosquitto")
    {
    }

    /// <summary>Plain listener port.</summary>
    public int Port { get; private set; }

    /// <summary>TLS listener port, or 0.</summary>
    public int TlsPort { get; private set; }

    /// <summary>Test CA (when TLS is on): trust it to validate the broker.</summary>
    public X509Certificate2? CaCertificate { get; private set; }

    /// <summary>A client certificate signed by the CA (when TLS is on and client certificates are required).</summary>
    public X509Certificate2? ClientCertificate { get; private set; }

    /// <summary>Starts mosquitto. Skips (or fails under CI) when it is not installed.</summary>
    public static async Task<MosquittoServer> StartAsync(MosquittoConfig? config = null)
    {
        ServerBinary.Require(Binary, "apt-get install mosquitto");
        config ??= new MosquittoConfig();
        var server = new MosquittoServer();
        try
        {
            await server.LaunchAsync(config);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task LaunchAsync(MosquittoConfig config)
    {
        Port = ServerBinary.FreePort();
        var lines = new List<string>
        {
            "per_listener_settings true",
            // Unlimited queues: the default 1000 drops QoS 1/2 messages for a slower subscriber.
            "max_queued_messages 0",
            "max_queued_bytes 0",
            $"max_inflight_messages {config.MaxInflightMessages}",
            $"listener {Port} 127.0.0.1",
        };
        if (config.Persistence)
        {
            // Started as root, mosquitto drops to its own user: it needs write access here to save sessions and
            // queued messages on SIGTERM, or a restart silently forgets them.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Directory, (UnixFileMode)0b111_111_111);
            }

            lines.Add("persistence true");
            lines.Add($"persistence_location {Directory}/");
        }
        else
        {
            lines.Add("persistence false");
        }

        lines.AddRange(AuthLines(config));
        if (config.Tls)
        {
            TlsPort = ServerBinary.FreePort();
            WriteCertificates(config.RequireClientCertificate);
            lines.Add($"listener {TlsPort} 127.0.0.1");
            lines.AddRange(AuthLines(config));
            lines.Add($"cafile {Path.Combine(Directory, "ca.crt")}");
            lines.Add($"certfile {Path.Combine(Directory, "server.crt")}");
            lines.Add($"keyfile {Path.Combine(Directory, "server.key")}");
            if (config.RequireClientCertificate)
            {
                lines.Add("require_certificate true");
            }
        }

        lines.AddRange(config.ExtraLines);
        var path = Path.Combine(Directory, "mosquitto.conf");
        await File.WriteAllLinesAsync(path, lines);
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in System.IO.Directory.GetFiles(Directory))
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }

        await StartProcessAsync(Binary, ["-c", path], Port);
        if (TlsPort != 0)
        {
            await WaitForPortAsync(TlsPort);
        }
    }

    private IEnumerable<string> AuthLines(MosquittoConfig config)
    {
        if (config.Users.Count == 0)
        {
            yield return "allow_anonymous true";
            yield break;
        }

        yield return "allow_anonymous false";
        var passwords = Path.Combine(Directory, "passwords");
        if (!File.Exists(passwords))
        {
            File.WriteAllText(passwords, "");
            foreach (var (user, password) in config.Users)
            {
                RunPasswd(passwords, user, password);
            }
        }

        yield return $"password_file {passwords}";
        if (config.AclLines.Count > 0)
        {
            var acl = Path.Combine(Directory, "acl");
            File.WriteAllLines(acl, config.AclLines);
            yield return $"acl_file {acl}";
        }
    }

    private static void RunPasswd(string file, string user, string password)
    {
        const string tool = "/usr/bin/mosquitto_passwd";
        ServerBinary.Require(tool, "apt-get install mosquitto (mosquitto_passwd builds the password file)");
        var info = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-b", file, user, password })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_passwd failed: {process.StandardError.ReadToEnd()}");
        }
    }

    // A throw-away CA signs a server certificate for 127.0.0.1/localhost and a client certificate.
    private void WriteCertificates(bool clientCertificate)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Telemetry Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        CaCertificate = ca;
        File.WriteAllText(Path.Combine(Directory, "ca.crt"), ca.ExportCertificatePem());

        var server = Issue(ca, caKey, "CN=localhost", server: true, now);
        File.WriteAllText(Path.Combine(Directory, "server.crt"), server.Certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(Directory, "server.key"), server.Key.ExportPkcs8PrivateKeyPem());
        if (clientCertificate)
        {
            var client = Issue(ca, caKey, "CN=telemetry-client", server: false, now);
            ClientCertificate = client.Certificate.CopyWithPrivateKey(client.Key);
            File.WriteAllText(Path.Combine(Directory, "client.crt"), client.Certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(Directory, "client.key"), client.Key.ExportPkcs8PrivateKeyPem());
        }
    }

    private static (X509Certificate2 Certificate, RSA Key) Issue(X509Certificate2 ca, RSA caKey, string subject, bool server, DateTimeOffset now)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        var signer = X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1);
        var certificate = request.Create(ca.SubjectName, signer, now.AddDays(-1), now.AddDays(29), serial);
        return (certificate, key);
    }
}

/// <summary>What the generated mosquitto.conf contains.</summary>
public sealed record MosquittoConfig
{
    /// <summary>Add a TLS listener with generated certificates.</summary>
    public bool Tls { get; init; }

    /// <summary>TLS listener requires a client certificate.</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>Users for the password file; empty = anonymous allowed.</summary>
    public IReadOnlyList<(string User, string Password)> Users { get; init; } = [];

    /// <summary>ACL file lines (mosquitto acl_file syntax), used with <see cref="Users"/>.</summary>
    public IReadOnlyList<string> AclLines { get; init; } = [];

    /// <summary>mosquitto max_inflight_messages: also its Receive Maximum to MQTT 5 clients.</summary>
    public int MaxInflightMessages { get; init; } = 100;

    /// <summary>Keep sessions and queued messages across <see cref="ServerProcess.StopAsync"/> and a restart.</summary>
    public bool Persistence { get; init; }

    /// <summary>Anything else to append to the config.</summary>
    public IReadOnlyList<string> ExtraLines { get; init; } = [];
}
