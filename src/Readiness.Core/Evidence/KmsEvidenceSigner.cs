using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Readiness.Core.Evidence;

/// <summary>Signs with an AWS KMS asymmetric key (ECC_NIST_P256 or RSA): KMS signs the SHA-256 digest of the manifest.</summary>
public sealed class KmsEvidenceSigner : IEvidenceSigner
{
    private readonly IAmazonKeyManagementService _kms;
    private readonly SigningAlgorithmSpec _spec;

    private KmsEvidenceSigner(IAmazonKeyManagementService kms, string keyId, byte[] publicKey, SigningAlgorithmSpec spec, string algorithm)
    {
        _kms = kms;
        KeyId = keyId;
        PublicKey = publicKey;
        _spec = spec;
        Algorithm = algorithm;
    }

    public string Algorithm { get; }
    public string KeyId { get; }
    public byte[] PublicKey { get; }

    public static async Task<KmsEvidenceSigner> CreateAsync(IAmazonKeyManagementService kms, string keyId, CancellationToken cancellationToken)
    {
        var key = await kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = keyId }, cancellationToken).ConfigureAwait(false);
        var algorithms = key.SigningAlgorithms ?? new List<string>();
        var (spec, name) = algorithms.Contains(SigningAlgorithmSpec.ECDSA_SHA_256.Value) ? (SigningAlgorithmSpec.ECDSA_SHA_256, "ES256")
            : algorithms.Contains(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256.Value) ? (SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256, "RS256")
            : throw new InvalidOperationException($"KMS key {keyId} supports neither ECDSA_SHA_256 nor RSASSA_PKCS1_V1_5_SHA_256 (it offers {string.Join(", ", algorithms)}).");
        return new KmsEvidenceSigner(kms, key.KeyId ?? keyId, key.PublicKey.ToArray(), spec, name);
    }

    public async Task<byte[]> SignAsync(byte[] data, CancellationToken cancellationToken)
    {
        var response = await _kms.SignAsync(new SignRequest
        {
            KeyId = KeyId,
            Message = new MemoryStream(SHA256.HashData(data)),
            MessageType = MessageType.DIGEST,
            SigningAlgorithm = _spec,
        }, cancellationToken).ConfigureAwait(false);
        return response.Signature.ToArray();
    }
}
