namespace Readiness.Core.Evidence;

/// <summary>An evidence bundle's verification as a CheckResult, so Test-ReadinessEvidence can feed a report like any other check.</summary>
public static class EvidenceVerificationResult
{
    public static CheckResult ToCheckResult(EvidenceVerification verification) => new()
    {
        Id = "evidence.bundle",
        Section = "Evidence",
        Title = "Evidence bundle is intact",
        Severity = Severity.High,
        CheckType = "evidence",
        Status = verification.IsValid ? CheckStatus.Passed : CheckStatus.Failed,
        Target = verification.Path,
        Message = verification.IsValid
            ? $"{verification.FilesChecked} file(s) match the manifest{(verification.Signed ? $" and the signature by {verification.KeyId ?? "the key"} is valid" : "")}."
            : string.Join(" ", verification.Problems.Select(p => p.TrimEnd('.') + ".")),
        Remediation = verification.IsValid ? null : "Export the evidence bundle again from the original run; do not edit a bundle after export.",
        Evidence =
        {
            ["filesChecked"] = verification.FilesChecked.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["signed"] = verification.Signed ? "true" : "false",
            ["signatureValid"] = verification.SignatureValid ? "true" : "false",
        },
        Timestamp = DateTimeOffset.Now,
    };
}
