using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Telemetry.Broker.Tests.Support;

namespace Telemetry.Broker.Tests;

/// <summary>The TLS listener with a certificate generated in the test, verified by mosquitto clients against it as CA.</summary>
public sealed class TlsTests
{
    [Theory]
    [MemberData(nameof(Mosquitto.Versions), MemberType = typeof(Mosquitto))]
    public async Task Mosquitto_clients_verify_our_certificate_and_exchange_messages(string version)
    {
        Mosquitto.RequireClients();
        using var dir = new TempDir();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var generated = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so SslStream on Linux gets a certificate with a usable private key.
        using var certificate = X509CertificateLoader.LoadPkcs12(generated.Export(X509ContentType.Pkcs12), null);
        var caFile = dir.File("ca.pem");
        await File.WriteAllTextAsync(caFile, generated.ExportCertificatePem(), TestContext.Current.CancellationToken);

        await using var host = await BrokerHost.StartAsync(o => o with { Port = null, TlsPort = 0, TlsCertificate = certificate });
        var port = host.Broker.TlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var sub = ExternalTool.Start(ExternalTool.MosquittoSub, ["-h", "127.0.0.1", "-p", port, "-V", version, "--cafile", caFile, "-t", "secure/#", "-C", "1", "-q", "1"]);
        var output = sub.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await Wait.UntilAsync(() => host.Broker.SubscriptionCount == 1, TimeSpan.FromSeconds(15), "the TLS subscriber");

        var pub = await ExternalTool.RunAsync(ExternalTool.MosquittoPub, ["-h", "127.0.0.1", "-p", port, "-V", version, "--cafile", caFile, "-t", "secure/x", "-m", "sealed", "-q", "1"], TimeSpan.FromSeconds(30));

        Assert.True(pub.ExitCode == 0, pub.StdErr);
        Assert.Equal("sealed", (await output.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken)).Trim());
        Assert.Equal(0, host.Broker.Port); // plain listener disabled
    }
}
