using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conlink.Testing;
using Xunit.Abstractions;

namespace Conlink.Kernel.Tests;

/// <summary>
/// --cluster-tls-cert: members with certificates from the cluster's CA join each other over mutual
/// TLS; a process with a certificate from another CA, or with none, is refused and spans to nobody.
/// The certificates are made here, for this test only.
/// </summary>
[Collection("kernel")]
[Trait("Category", "EngineProcess")]
public sealed class ClusterTlsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("conlink-tls-").FullName;
    private ClusterLab? _lab;

    public void Dispose()
    {
        if (_lab is not null)
        {
            foreach (var host in _lab.Hosts)
                foreach (var line in host.Engine.Engine?.Log ?? []) output.WriteLine($"[host {host.Index}] {line}");
            _lab.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [SkippableFact]
    public async Task Members_with_the_clusters_certificates_join_and_one_from_another_CA_or_without_one_is_refused()
    {
        Skip.IfNot(KernelProbe.IsRoot, "needs root to create network namespaces");
        Skip.IfNot(KernelFeatures.HasLinkType("vxlan"), "this kernel has no vxlan (module vxlan), which spanned bridges are made of");
        using var clusterCa = Authority("conlink test cluster CA");
        using var otherCa = Authority("some other CA");
        var files = new[] { Member(clusterCa, 0), Member(clusterCa, 1), Member(otherCa, 2) };
        _lab = new ClusterLab(3, seeds: 2, host => ["--cluster-tls-cert", files[host]]);

        _lab.Hosts[0].Start();
        _lab.Hosts[1].Start();
        _lab.Hosts[2].Start();
        await _lab.AllPairsReachAsync([0, 1]);
        await _lab.FloodIsAsync(0, [1]);
        await _lab.FloodIsAsync(1, [0]);
        await _lab.Hosts[0].Engine.Engine!.WaitForLogAsync(l => l.Contains("refused", StringComparison.Ordinal), ClusterLab.Timeout);
        Assert.Empty(_lab.Hosts[2].Flood());
        Assert.False(_lab.Ping(2, 0), "a member with another CA's certificate reaches the cluster's bridge");

        // The same host without any certificate: unauthenticated, and still refused.
        _lab.Hosts[2].Kill();
        _lab.Hosts[2].Start(["--cluster-bind", ClusterLab.UnderlayAddress(2), "--cluster-seed", ClusterLab.UnderlayAddress(0)]);
        await _lab.Hosts[2].Engine.Engine!.WaitForLogAsync(l => l.Contains("membership is unauthenticated", StringComparison.Ordinal), ClusterLab.Timeout);
        await _lab.Hosts[2].Engine.Engine!.WaitForLogAsync(l => l.Contains("waiting to join", StringComparison.Ordinal), ClusterLab.Timeout);
        await _lab.FloodIsAsync(0, [1]);
        Assert.Empty(_lab.Hosts[2].Flood());
    }

    [Fact]
    public void A_certificate_file_is_never_read_through_a_symlink()
    {
        using var ca = Authority("conlink test cluster CA");
        var file = Member(ca, 0);
        var link = Path.Combine(_directory, "link.p12");
        File.CreateSymbolicLink(link, file);

        Assert.True(Conlink.Cluster.Security.ClusterTls.Load(file, null).Certificate.HasPrivateKey);
        var e = Assert.Throws<Conlink.Cluster.Security.ClusterTlsException>(() => Conlink.Cluster.Security.ClusterTls.Load(link, null));
        Assert.Equal($"{link}: cannot read the certificate file: it is a symbolic link, which conlink does not follow (name the file it points to)", e.Message);
    }

    private static X509Certificate2 Authority(string name)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A PKCS#12 file with host <paramref name="host"/>'s certificate (signed by <paramref name="ca"/>), its key, and the CA.</summary>
    private string Member(X509Certificate2 ca, int host)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=conlink host {host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Parse(ClusterLab.UnderlayAddress(host)));
        request.CertificateExtensions.Add(san.Build());
        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        using var withKey = signed.CopyWithPrivateKey(key);
        var bundle = new X509Certificate2Collection { withKey, X509CertificateLoader.LoadCertificate(ca.RawData) };
        var file = Path.Combine(_directory, $"host{host}.p12");
        File.WriteAllBytes(file, bundle.Export(X509ContentType.Pkcs12)!);
        return file;
    }
}
