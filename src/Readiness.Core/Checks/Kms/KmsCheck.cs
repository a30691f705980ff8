using Amazon.Runtime;
using Readiness.Core.Evidence;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Kms;

/// <summary>AWS KMS signing key readiness (seed 000 "Signing and Evidence"): state, sign/verify smoke, rotation, key policy.</summary>
public sealed class KmsCheck : SingleResultCheck
{
    public override string Type => "kms";
    public override IReadOnlyCollection<string> Parameters { get; } = new[] { "keyId", "aspect", "region", "profile", "endpointUrl", "policyFile", "keyIdVariable" };

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        // A key policy document in the repository (the one Terraform or CloudFormation applies) is reviewed without AWS.
        if (p.GetString("policyFile") is { } file)
        {
            if (p.Has("aspect") && p.GetString("aspect") != "policy") throw p.Invalid("aspect", "policy (or absent) when policyFile is given");
            var path = context.ResolvePath(file);
            if (!File.Exists(path)) return context.Fail($"The key policy document {file} does not exist.", file, "Commit the key policy the deployment applies, or read it from KMS with keyId.");
            KmsVerdict verdict;
            try { verdict = KmsAssessment.PolicyVerdict(File.ReadAllText(path), $"The key policy in {Path.GetFileName(path)}"); }
            catch (InvalidDataException ex) { return context.Fail(ex.Message, file); }
            var fromFile = context.Result(verdict.Status, verdict.Message, file).WithRemediation(verdict.Remediation);
            foreach (var (k, value) in verdict.Evidence) fromFile.WithEvidence(k, value);
            return fromFile;
        }
        var keyId = p.GetString("keyId");
        if (string.IsNullOrWhiteSpace(keyId))
        {
            // Nothing to talk to is not a pass: the item says which variable would enable it.
            var variable = p.GetString("keyIdVariable");
            if (variable is null) throw p.Missing("keyId", "a key id, ARN or alias");
            return context.Result(CheckStatus.Skipped, $"No KMS key is configured: set the variable {variable} (--var {variable}=<key id, ARN or alias>) to run this against KMS.", variable)
                .WithEvidence("missingVariable", variable);
        }
        var aspects = p.GetString("aspect", "all") == "all" ? KmsAssessment.Aspects : new[] { p.GetString("aspect")! };
        using var kms = CreateClient(context);
        var verdicts = new List<KmsVerdict>();
        foreach (var aspect in aspects) verdicts.Add(await KmsAssessment.RunAsync(kms, keyId, aspect, cancellationToken).ConfigureAwait(false));
        var worst = verdicts.WorstBy(v => v.Status);
        var result = context.Result(worst.Status, verdicts.Count > 1 && worst.Status == CheckStatus.Passed
            ? $"KMS key {keyId}: {string.Join("; ", verdicts.Select(v => $"{v.Aspect} {v.Status.ToString().ToLowerInvariant()}"))}."
            : worst.Message, keyId).WithRemediation(worst.Remediation);
        foreach (var v in verdicts)
            foreach (var (k, value) in v.Evidence) result.WithEvidence(verdicts.Count > 1 ? $"{v.Aspect}.{k}" : k, value);
        return result;
    }

    /// <summary>Credentials come from the AWS chain; explicit keys in the run's environment win, so profiles and tests can supply them.</summary>
    public static Amazon.KeyManagementService.IAmazonKeyManagementService CreateClient(CheckContext context)
    {
        var p = context.Parameters;
        var env = context.Environment.GetEnvironmentVariable;
        AWSCredentials? credentials = null;
        if (env("AWS_ACCESS_KEY_ID") is { Length: > 0 } id && env("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret)
        {
            context.Secrets.Add(secret);
            credentials = env("AWS_SESSION_TOKEN") is { Length: > 0 } token ? new SessionAWSCredentials(id, secret, token) : new BasicAWSCredentials(id, secret);
        }
        return KmsClientFactory.Create(p.GetString("region") ?? env("AWS_REGION"), p.GetString("profile"), p.GetString("endpointUrl"), context.Timeout, credentials);
    }
}
