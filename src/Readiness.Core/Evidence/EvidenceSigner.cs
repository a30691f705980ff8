using System.Security.Cryptography;

namespace Readiness.Core.Evidence;

/// <summary>Signs the manifest of an evidence bundle. Implementations: a local PEM key file, or an AWS KMS asymmetric key.</summary>
public interface IEvidenceSigner
{
    /// <summary>ES256 (ECDSA P-256 SHA-256, DER-encoded signature) or RS256 (RSA PKCS#1 v1.5 SHA-256).</summary>
    string Algorithm { get; }
    string KeyId { get; }
    /// <summary>The public key as SubjectPublicKeyInfo DER, embedded so a verifier can check without the signer.</summary>
    byte[] PublicKey { get; }
    Task<byte[]> SignAsync(byte[] data, CancellationToken cancellationToken);
}

public sealed class LocalKeySigner : IEvidenceSigner
{
    private readonly AsymmetricAlgorithm _key;

    public LocalKeySigner(string pemPath)
    {
        var pem = File.ReadAllText(pemPath);
        KeyId = "file:" + Path.GetFileName(pemPath);
        if (pem.Contains("EC PRIVATE KEY", StringComparison.Ordinal) || TryEc(pem, out _))
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            _key = ec;
            Algorithm = "ES256";
            PublicKey = ec.ExportSubjectPublicKeyInfo();
        }
        else
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            _key = rsa;
            Algorithm = "RS256";
            PublicKey = rsa.ExportSubjectPublicKeyInfo();
        }
    }

    public string Algorithm { get; }
    public string KeyId { get; }
    public byte[] PublicKey { get; }

    public Task<byte[]> SignAsync(byte[] data, CancellationToken cancellationToken) => Task.FromResult(_key switch
    {
        ECDsa ec => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
        RSA rsa => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        _ => throw new NotSupportedException(),
    });

    private static bool TryEc(string pem, out ECDsa? ec)
    {
        ec = ECDsa.Create();
        try { ec.ImportFromPem(pem); return true; }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException) { ec.Dispose(); ec = null; return false; }
    }
}

public static class EvidenceSignatures
{
    public static bool Verify(string algorithm, byte[] publicKeySpki, byte[] data, byte[] signature)
    {
        try
        {
            switch (algorithm)
            {
                case "ES256":
                    using (var ec = ECDsa.Create())
                    {
                        ec.ImportSubjectPublicKeyInfo(publicKeySpki, out _);
                        return ec.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                    }
                case "RS256":
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportSubjectPublicKeyInfo(publicKeySpki, out _);
                        return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    }
                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
