using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Readiness.Core.Tests.Fixtures;

/// <summary>What a test certificate should look like; the defaults are a healthy leaf for app.readiness.test signed by a test CA.</summary>
public sealed record CertificateSpec
{
    public string[] DnsNames { get; init; } = { "app.readiness.test" };
    public bool IncludeLoopbackIp { get; init; } = true;
    public int RsaBits { get; init; } = 2048;
    public bool Ecdsa { get; init; }
    public DateTimeOffset NotBefore { get; init; } = DateTimeOffset.UtcNow.AddDays(-1);
    public DateTimeOffset NotAfter { get; init; } = DateTimeOffset.UtcNow.AddDays(89);
    /// <summary>Self-signed leaf (no CA) instead of one issued by the test CA.</summary>
    public bool SelfSigned { get; init; }
    /// <summary>Issue the leaf from an intermediate CA and serve leaf + intermediate, as public CAs do.</summary>
    public bool ViaIntermediate { get; init; }
    /// <summary>Sign the leaf with SHA-1, which no client should accept any more.</summary>
    public bool Sha1Signature { get; init; }
}

/// <summary>
/// Certificates made by a test, written as PEM files nginx can load: a test CA (CaFile, for caCertificate) and a leaf
/// with its key. Made with .NET's CertificateRequest so no openssl config is involved.
/// </summary>
public sealed class TestCertificates
{
    private TestCertificates(string certFile, string keyFile, string caFile)
    {
        CertFile = certFile;
        KeyFile = keyFile;
        CaFile = caFile;
    }

    public string CertFile { get; }
    public string KeyFile { get; }
    public string CaFile { get; }

    /// <summary>The nginx directives that serve this certificate.</summary>
    public string NginxDirectives => $"ssl_certificate {CertFile}; ssl_certificate_key {KeyFile};";

    public static TestCertificates Create(string folder, CertificateSpec? spec = null)
    {
        spec ??= new CertificateSpec();
        Directory.CreateDirectory(folder);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Readiness Test CA, O=Readiness Tests", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(5));
        using var intermediateKey = spec.ViaIntermediate ? RSA.Create(2048) : null;
        using var intermediate = intermediateKey is null ? null : CreateIntermediate(ca, intermediateKey);
        var (issuerName, issuerKey) = intermediate is null ? (ca.SubjectName, caKey) : (intermediate.SubjectName, intermediateKey!);

        AsymmetricAlgorithm leafKey = spec.Ecdsa ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(spec.RsaBits);
        try
        {
            var subject = $"CN={spec.DnsNames.FirstOrDefault() ?? "localhost"}";
            var request = leafKey is RSA rsa
                ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest(subject, (ECDsa)leafKey, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in spec.DnsNames) san.AddDnsName(name);
            if (spec.IncludeLoopbackIp) san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));

            using var leaf = spec.SelfSigned
                ? request.CreateSelfSigned(spec.NotBefore, spec.NotAfter)
                : CreateSigned(request, issuerName, issuerKey, spec);
            var certFile = Path.Combine(folder, "server.crt");
            var keyFile = Path.Combine(folder, "server.key");
            var caFile = Path.Combine(folder, "ca.crt");
            File.WriteAllText(certFile, leaf.ExportCertificatePem() + "\n" + (intermediate is null ? "" : intermediate.ExportCertificatePem() + "\n"));
            File.WriteAllText(keyFile, leafKey.ExportPkcs8PrivateKeyPem() + "\n");
            File.WriteAllText(caFile, ca.ExportCertificatePem() + "\n");
            return new TestCertificates(certFile, keyFile, caFile);
        }
        finally
        {
            leafKey.Dispose();
        }
    }

    private static X509Certificate2 CreateSigned(CertificateRequest request, X500DistinguishedName issuer, RSA issuerKey, CertificateSpec spec)
    {
        var serial = RandomNumberGenerator.GetBytes(12);
        if (!spec.Sha1Signature)
            return request.Create(issuer, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), spec.NotBefore, spec.NotAfter, serial);
        var sha1 = new CertificateRequest(request.SubjectName, request.PublicKey, HashAlgorithmName.SHA1);
        foreach (var e in request.CertificateExtensions) sha1.CertificateExtensions.Add(e);
        return sha1.Create(issuer, new Sha1RsaSignatureGenerator(issuerKey), spec.NotBefore, spec.NotAfter, serial);
    }

    /// <summary>.NET's own RSA generator refuses SHA-1; a weak certificate for a test needs it anyway.</summary>
    private sealed class Sha1RsaSignatureGenerator(RSA key) : X509SignatureGenerator
    {
        // AlgorithmIdentifier { sha1WithRSAEncryption, NULL }
        private static readonly byte[] Sha1WithRsa = Convert.FromHexString("300D06092A864886F70D0101050500");

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => Sha1WithRsa;
        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        protected override PublicKey BuildPublicKey() => new(key);
    }

    private static X509Certificate2 CreateIntermediate(X509Certificate2 ca, RSA key)
    {
        var request = new CertificateRequest("CN=Readiness Test Intermediate, O=Readiness Tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(4), RandomNumberGenerator.GetBytes(12));
        return issued.CopyWithPrivateKey(key);
    }
}
