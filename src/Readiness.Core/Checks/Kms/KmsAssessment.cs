using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;

namespace Readiness.Core.Checks.Kms;

/// <summary>A decision about one aspect of a KMS signing key; the check and the cmdlets turn it into a CheckResult.</summary>
public sealed record KmsVerdict(string Aspect, CheckStatus Status, string Message, Dictionary<string, string> Evidence, string? Remediation = null);

/// <summary>
/// Checks an AWS KMS signing key: state (enabled, SIGN_VERIFY, not pending deletion), a sign/verify round trip
/// verified by KMS and locally with the public key, rotation where it applies, and the key policy's least privilege.
/// </summary>
public static class KmsAssessment
{
    public static readonly string[] Aspects = { "state", "sign-verify", "rotation", "policy" };

    public static async Task<KmsVerdict> RunAsync(IAmazonKeyManagementService kms, string keyId, string aspect, CancellationToken cancellationToken)
    {
        try
        {
            return aspect switch
            {
                "state" => await StateAsync(kms, keyId, cancellationToken).ConfigureAwait(false),
                "sign-verify" => await SignVerifyAsync(kms, keyId, cancellationToken).ConfigureAwait(false),
                "rotation" => await RotationAsync(kms, keyId, cancellationToken).ConfigureAwait(false),
                "policy" => await PolicyAsync(kms, keyId, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException($"Unknown KMS aspect '{aspect}'. Allowed: {string.Join(", ", Aspects)}."),
            };
        }
        // An endpoint that accepts and never answers: each aspect is Error on its own, naming the wait.
        catch (Exception ex) when (ex is TimeoutException || ex.InnerException is TimeoutException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new(aspect, CheckStatus.Error, $"KMS did not answer within {kms.Config.Timeout?.TotalSeconds:0.#} s ({aspect}).", new());
        }
        catch (NotFoundException ex) { return new(aspect, CheckStatus.Failed, $"KMS key {keyId} was not found: {ex.Message}", new()); }
        catch (AmazonServiceException ex) when (ex.ErrorCode is "AccessDeniedException" or "AccessDenied")
        {
            return new(aspect, CheckStatus.Error, $"Access to KMS key {keyId} was denied for {aspect}: {ex.Message}", new(), "Run with credentials allowed to describe and use the key.");
        }
        catch (AmazonServiceException ex) when (ex.StatusCode == 0 || ex.InnerException is HttpRequestException or TaskCanceledException)
        {
            return new(aspect, CheckStatus.Error, $"KMS could not be reached: {ex.Message}", new());
        }
        catch (AmazonClientException ex) { return new(aspect, CheckStatus.Error, $"The KMS client could not run: {ex.Message}", new()); }
        catch (HttpRequestException ex) { return new(aspect, CheckStatus.Error, $"KMS could not be reached: {ex.Message}", new()); }
    }

    private static async Task<KmsVerdict> StateAsync(IAmazonKeyManagementService kms, string keyId, CancellationToken ct)
    {
        var meta = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }, ct).ConfigureAwait(false)).KeyMetadata;
        var evidence = new Dictionary<string, string>
        {
            ["arn"] = meta.Arn ?? "", ["keyState"] = meta.KeyState?.Value ?? "", ["keyUsage"] = meta.KeyUsage?.Value ?? "",
            ["keySpec"] = meta.KeySpec?.Value ?? "", ["enabled"] = (meta.Enabled ?? false).ToString().ToLowerInvariant(),
        };
        if (meta.KeyState == KeyState.PendingDeletion)
            return new("state", CheckStatus.Failed, $"KMS key {meta.Arn} is pending deletion{(meta.DeletionDate is { } d ? $" on {d:yyyy-MM-dd}" : "")}.", evidence, "Cancel the deletion (CancelKeyDeletion) or switch the signer to another key.");
        if (meta.Enabled != true || meta.KeyState != KeyState.Enabled)
            return new("state", CheckStatus.Failed, $"KMS key {meta.Arn} is {meta.KeyState?.Value ?? "not enabled"}; signing will fail.", evidence, "Enable the key (EnableKey) before the release.");
        if (meta.KeyUsage != KeyUsageType.SIGN_VERIFY)
            return new("state", CheckStatus.Failed, $"KMS key {meta.Arn} has key usage {meta.KeyUsage?.Value}, not SIGN_VERIFY, so it cannot sign artifacts.", evidence, "Create an asymmetric SIGN_VERIFY key for the signer.");
        return new("state", CheckStatus.Passed, $"KMS key {meta.Arn} is enabled for SIGN_VERIFY ({meta.KeySpec?.Value}).", evidence);
    }

    private static async Task<KmsVerdict> SignVerifyAsync(IAmazonKeyManagementService kms, string keyId, CancellationToken ct)
    {
        var publicKey = await kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = keyId }, ct).ConfigureAwait(false);
        var algorithms = publicKey.SigningAlgorithms ?? new List<string>();
        var algorithm = new[] { "ECDSA_SHA_256", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PSS_SHA_256" }.FirstOrDefault(algorithms.Contains);
        if (algorithm is null)
            return new("sign-verify", CheckStatus.Failed, $"KMS key {keyId} offers no SHA-256 signing algorithm ({string.Join(", ", algorithms)}).", new());
        // A fresh random digest each run: a cached or replayed signature cannot pass.
        var digest = SHA256.HashData(RandomNumberGenerator.GetBytes(64));
        var signed = await kms.SignAsync(new SignRequest { KeyId = keyId, Message = new MemoryStream(digest), MessageType = MessageType.DIGEST, SigningAlgorithm = algorithm }, ct).ConfigureAwait(false);
        var signature = signed.Signature.ToArray();
        var evidence = new Dictionary<string, string> { ["algorithm"] = algorithm, ["signatureBytes"] = signature.Length.ToString(), ["keySpec"] = publicKey.KeySpec?.Value ?? "" };

        bool kmsValid;
        try
        {
            kmsValid = (await kms.VerifyAsync(new VerifyRequest { KeyId = keyId, Message = new MemoryStream(digest), MessageType = MessageType.DIGEST, Signature = new MemoryStream(signature), SigningAlgorithm = algorithm }, ct).ConfigureAwait(false)).SignatureValid ?? false;
        }
        catch (KMSInvalidSignatureException) { kmsValid = false; }
        var localValid = VerifyLocally(publicKey.PublicKey.ToArray(), algorithm, digest, signature);
        evidence["kmsVerify"] = kmsValid.ToString().ToLowerInvariant();
        evidence["localVerify"] = localValid.ToString().ToLowerInvariant();
        if (kmsValid && localValid)
            return new("sign-verify", CheckStatus.Passed, $"Signed a fresh digest with {keyId} ({algorithm}); KMS Verify and the public key both accept it.", evidence);
        return new("sign-verify", CheckStatus.Failed,
            $"The signature from {keyId} did not verify ({(kmsValid ? "" : "KMS Verify rejected it")}{(!kmsValid && !localValid ? "; " : "")}{(localValid ? "" : "the public key rejected it")}).", evidence,
            "Check the signer's key id and algorithm; a verifier using the published public key will reject these signatures.");
    }

    public static bool VerifyLocally(byte[] spki, string algorithm, byte[] digest, byte[] signature)
    {
        try
        {
            if (algorithm.StartsWith("ECDSA", StringComparison.Ordinal))
            {
                using var ec = ECDsa.Create();
                ec.ImportSubjectPublicKeyInfo(spki, out _);
                return ec.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);
            }
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
            return rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA256, algorithm.Contains("PSS") ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException) { return false; }
    }

    private static async Task<KmsVerdict> RotationAsync(IAmazonKeyManagementService kms, string keyId, CancellationToken ct)
    {
        try
        {
            var status = await kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = keyId }, ct).ConfigureAwait(false);
            var evidence = new Dictionary<string, string> { ["rotationEnabled"] = (status.KeyRotationEnabled ?? false).ToString().ToLowerInvariant() };
            return status.KeyRotationEnabled == true
                ? new("rotation", CheckStatus.Passed, $"Automatic rotation is enabled for {keyId}.", evidence)
                : new("rotation", CheckStatus.Failed, $"Automatic rotation is disabled for {keyId}.", evidence, "Enable key rotation (EnableKeyRotation).");
        }
        catch (UnsupportedOperationException)
        {
            return new("rotation", CheckStatus.Skipped, $"KMS does not rotate asymmetric keys such as {keyId}; rotate by creating a new key and publishing its public key (a manual, attested step).", new() { ["rotationSupported"] = "false" });
        }
    }

    private static async Task<KmsVerdict> PolicyAsync(IAmazonKeyManagementService kms, string keyId, CancellationToken ct)
    {
        var policy = (await kms.GetKeyPolicyAsync(new GetKeyPolicyRequest { KeyId = keyId, PolicyName = "default" }, ct).ConfigureAwait(false)).Policy;
        return PolicyVerdict(policy, $"The key policy of {keyId}");
    }

    /// <summary>The least-privilege verdict on a key policy document, from KMS or from a file (<paramref name="subject"/> names which).</summary>
    public static KmsVerdict PolicyVerdict(string policy, string subject)
    {
        var findings = KeyPolicyAnalyzer.Analyze(policy);
        var problems = findings.Where(f => f.Level == PolicyFindingLevel.Problem).ToList();
        var notes = findings.Where(f => f.Level == PolicyFindingLevel.Note).ToList();
        var evidence = new Dictionary<string, string> { ["problems"] = problems.Count.ToString(), ["notes"] = notes.Count.ToString() };
        for (var i = 0; i < notes.Count; i++) evidence[$"note{i + 1}"] = notes[i].Message;
        return problems.Count == 0
            ? new("policy", CheckStatus.Passed, $"{subject} grants no more than it needs{(notes.Count > 0 ? $" ({notes.Count} note(s) to review in evidence)" : "")}.", evidence)
            : new("policy", CheckStatus.Failed, $"{subject} is broader than needed: {string.Join(" ", problems.Select(p => p.Message))}", evidence,
                "Split key administrators from key users and grant each only its actions (see the AWS KMS key policy guidance).");
    }
}
