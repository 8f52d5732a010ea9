using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Transport.DotNetty;
using Conlink.Config.Loading;

namespace Conlink.Cluster.Security;

/// <summary>
/// Mutual TLS between members (<c>--cluster-tls-cert FILE</c>): the PKCS#12 file holds this member's
/// certificate with its key and the CA certificate(s) that signed every member's certificate. Each
/// side presents its certificate, and a peer is accepted only when its certificate chains to one of
/// those CAs (hostnames are not checked: members are known by address, and the CA is the lab's own).
/// </summary>
public static class ClusterTls
{
    /// <summary>A certificate file larger than this is refused.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    public static DotNettySslSetup Setup(string file, string? password)
    {
        var (certificate, authorities) = Load(file, password);
        return new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false,
            customValidator: (peer, _, remote, _, log) => Accepts(peer, authorities, remote, log));
    }

    /// <summary>This member's certificate (with its key) and the CAs in the file.</summary>
    /// <exception cref="ClusterTlsException">The file is missing, a link, too large, unreadable, or lacks a key or a CA.</exception>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Authorities) Load(string file, string? password)
    {
        var bytes = SafeFileReader.TryReadBytes(file, out var problem, MaxFileBytes, "a certificate file")
            ?? throw new ClusterTlsException($"{file}: cannot read the certificate file: {problem}");
        try
        {
            var all = X509CertificateLoader.LoadPkcs12Collection(bytes, password, X509KeyStorageFlags.EphemeralKeySet);
            var certificate = all.FirstOrDefault(c => c.HasPrivateKey)
                ?? throw new ClusterTlsException($"{file}: holds no certificate with its private key");
            var authorities = new X509Certificate2Collection();
            foreach (var c in all.Where(c => c.Thumbprint != certificate.Thumbprint && IsAuthority(c))) authorities.Add(c);
            if (authorities.Count == 0)
                throw new ClusterTlsException($"{file}: holds no CA certificate; put the CA that signed every member's certificate into the file");
            return (certificate, authorities);
        }
        catch (CryptographicException e)
        {
            throw new ClusterTlsException($"{file}: not a readable PKCS#12 file ({e.Message}); a password goes in CONLINK_CLUSTER_TLS_PASSWORD");
        }
    }

    /// <summary>True when <paramref name="peer"/> chains to one of <paramref name="authorities"/>.</summary>
    public static bool Accepts(X509Certificate? peer, X509Certificate2Collection authorities, string? remote, ILoggingAdapter? log)
    {
        if (peer is null)
        {
            log?.Warning("cluster: refused {0}: it presented no certificate", remote);
            return false;
        }
        using var certificate = X509CertificateLoader.LoadCertificate(peer.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var ok = chain.Build(certificate);
        if (!ok)
            log?.Warning("cluster: refused {0}: its certificate {1} is not from this cluster's CA ({2})", remote, certificate.Subject,
                string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())));
        return ok;
    }

    private static bool IsAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
}

public sealed class ClusterTlsException(string message) : Exception(message);
