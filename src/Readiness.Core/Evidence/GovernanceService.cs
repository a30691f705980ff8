using Readiness.Core.Running;

namespace Readiness.Core.Evidence;

/// <summary>Front-end entry points for waivers and evidence bundles, so the CLI and the cmdlets stay thin.</summary>
public static class GovernanceService
{
    public sealed class WaiverRequest
    {
        public required string ChecklistPath { get; init; }
        public required string Item { get; init; }
        public required string Justification { get; init; }
        public required string ApprovedBy { get; init; }
        public required DateTimeOffset Expires { get; init; }
        public string? WaiversPath { get; init; }
        public string? AttestationsPath { get; init; }
        public IReadOnlyDictionary<string, string>? Variables { get; init; }
    }

    public static Waiver AddWaiver(WaiverRequest request)
    {
        var checklist = ReadinessSession.Load(request.ChecklistPath, request.Variables);
        return WaiverService.Add(checklist, request.Item, request.Justification, request.ApprovedBy, request.Expires,
            request.WaiversPath ?? WaiverFile.DefaultPathFor(request.ChecklistPath),
            request.AttestationsPath ?? AttestationStore.DefaultPathFor(request.ChecklistPath));
    }

    public sealed class SigningOptions
    {
        /// <summary>PEM private key file (ECDSA P-256 or RSA).</summary>
        public string? KeyFile { get; init; }
        /// <summary>KMS key id, ARN or alias of an asymmetric SIGN_VERIFY key.</summary>
        public string? KmsKeyId { get; init; }
        public string? Region { get; init; }
        public string? Profile { get; init; }
        public string? EndpointUrl { get; init; }
    }

    public static async Task<EvidenceBundleInfo> ExportEvidenceAsync(ReadinessReport report, string outputPath, SigningOptions? signing,
        string? attestationsPath, string? waiversPath, CancellationToken cancellationToken)
    {
        var checklistPath = report.ChecklistPath;
        attestationsPath ??= checklistPath is null ? null : AttestationStore.DefaultPathFor(checklistPath);
        waiversPath ??= checklistPath is null ? null : WaiverFile.DefaultPathFor(checklistPath);
        IEvidenceSigner? signer = null;
        if (signing?.KeyFile is { } keyFile) signer = new LocalKeySigner(keyFile);
        else if (signing?.KmsKeyId is { } keyId)
            signer = await KmsEvidenceSigner.CreateAsync(KmsClientFactory.Create(signing.Region, signing.Profile, signing.EndpointUrl), keyId, cancellationToken).ConfigureAwait(false);
        return await EvidenceBundle.CreateAsync(new EvidenceBundle.Inputs(report, checklistPath, attestationsPath, waiversPath), outputPath, signer, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="expectedHead">ENTRIES:HASH the bundled attestation chain must still reach (from a report kept elsewhere).</param>
    public static EvidenceVerification VerifyEvidence(string bundlePath, string? trustedPublicKeyPem, bool requireSignature, string? expectedHead = null) =>
        EvidenceBundle.Verify(bundlePath, trustedPublicKeyPem is null ? null : EvidenceBundle.ReadPublicKeyPem(trustedPublicKeyPem), requireSignature,
            expectedHead is null ? null : AttestationChainHead.Parse(expectedHead));

    /// <summary>Verifies an evidence file against <paramref name="expectedHead"/>, else the newest head recorded beside it.</summary>
    public static ChainVerification VerifyAttestations(string evidencePath, string? expectedHead)
    {
        var store = new AttestationStore(evidencePath);
        return store.Verify(expectedHead is null ? store.RecordedHead() : AttestationChainHead.Parse(expectedHead));
    }
}
