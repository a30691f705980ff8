using Readiness.Core.Evidence;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Kms;

/// <summary>Test-ReadinessKms and Invoke-KmsSignerSmoke: one CheckResult per aspect for a key.</summary>
public static class KmsReview
{
    public sealed class Target
    {
        public required string KeyId { get; init; }
        public string? Region { get; init; }
        public string? Profile { get; init; }
        public string? EndpointUrl { get; init; }
        /// <summary>Explicit credentials; the AWS configuration chain when null.</summary>
        public Amazon.Runtime.AWSCredentials? Credentials { get; init; }
    }

    private static readonly Dictionary<string, (string Title, Severity Severity)> Titles = new()
    {
        ["state"] = ("KMS key enabled for SIGN_VERIFY", Severity.Critical),
        ["sign-verify"] = ("aws-kms signer integration smoke run passed.", Severity.High),
        ["rotation"] = ("KMS key rotation", Severity.Low),
        ["policy"] = ("KMS key policy reviewed and least-privilege access applied.", Severity.High),
    };

    public static async Task<IReadOnlyList<CheckResult>> RunAsync(Target target, IReadOnlyList<string> aspects, TimeSpan timeout, IReadinessHost host, CancellationToken cancellationToken)
    {
        using var kms = KmsClientFactory.Create(target.Region, target.Profile, target.EndpointUrl, timeout, target.Credentials);
        var results = new List<CheckResult>();
        foreach (var aspect in aspects)
        {
            host.Progress(new RunProgress($"Checking KMS key {target.KeyId}", aspect, results.Count, aspects.Count));
            var started = DateTimeOffset.Now;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var verdict = await KmsAssessment.RunAsync(kms, target.KeyId, aspect, cancellationToken).ConfigureAwait(false);
            var (title, severity) = Titles[aspect];
            results.Add(new CheckResult
            {
                Id = $"kms.{aspect}", Section = "Signing and Evidence", Title = title, Severity = severity, CheckType = "kms",
                Status = verdict.Status, Message = verdict.Message, Target = target.KeyId, Remediation = verdict.Remediation,
                Evidence = new(verdict.Evidence), Timestamp = started, Duration = clock.Elapsed,
            });
        }
        host.Progress(new RunProgress($"Checking KMS key {target.KeyId}", null, aspects.Count, aspects.Count));
        return results;
    }
}
