using Amazon.Runtime;
using Readiness.Core.Evidence;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Kms;

/// <summary>
/// AWS KMS signing key readiness: state, sign/verify smoke, rotation, key policy. An item that names one aspect (or
/// "all": the worst of them) gets one result; an item that names none, or a list of aspects (the cmdlets), gets one
/// result per aspect under the check's own titles.
/// </summary>
public sealed class KmsCheck : ICheck
{
    public string Type => "kms";
    public IReadOnlyCollection<string> Parameters { get; } = new[] { "keyId", "aspect", "region", "profile", "endpointUrl", "timeout" };

    /// <summary>Each aspect's own title and severity, for results of an item that names no single aspect.</summary>
    private static readonly Dictionary<string, (string Title, Severity Severity)> AspectDefaults = new()
    {
        ["state"] = ("KMS key is enabled for signing", Severity.Critical),
        ["sign-verify"] = ("KMS key signs and verifies", Severity.High),
        ["rotation"] = ("KMS key rotation", Severity.Low),
        ["policy"] = ("KMS key policy grants least privilege", Severity.High),
    };

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var keyId = p.RequireString("keyId");
        var perAspect = p.Raw("aspect") is null or (System.Collections.IEnumerable and not string);
        var aspects = perAspect
            ? (p.Has("aspect") ? p.GetStringList("aspect") : KmsAssessment.Aspects)
            : p.GetString("aspect") == "all" ? KmsAssessment.Aspects : new[] { p.GetString("aspect")! };
        foreach (var a in aspects)
            if (!AspectDefaults.ContainsKey(a)) throw p.Invalid("aspect", $"one of {string.Join(", ", KmsAssessment.Aspects)}, or all");
        using var kms = CreateClient(context);
        var verdicts = new List<KmsVerdict>();
        foreach (var aspect in aspects) verdicts.Add(await KmsAssessment.RunAsync(kms, keyId, aspect, cancellationToken).ConfigureAwait(false));
        if (perAspect)
            return verdicts.Select(v =>
            {
                var (title, severity) = AspectDefaults[v.Aspect];
                var result = context.ForAspect(v.Aspect, title, severity).Result(v.Status, v.Message, keyId).WithRemediation(v.Remediation);
                foreach (var (k, value) in v.Evidence) result.WithEvidence(k, value);
                return result;
            }).ToList();
        var worst = verdicts.WorstBy(v => v.Status);
        var combined = context.Result(worst.Status, verdicts.Count > 1 && worst.Status == CheckStatus.Passed
            ? $"KMS key {keyId}: {string.Join("; ", verdicts.Select(v => $"{v.Aspect} {v.Status.ToString().ToLowerInvariant()}"))}."
            : worst.Message, keyId).WithRemediation(worst.Remediation);
        foreach (var v in verdicts)
            foreach (var (k, value) in v.Evidence) combined.WithEvidence(verdicts.Count > 1 ? $"{v.Aspect}.{k}" : k, value);
        return [combined];
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
        return KmsClientFactory.Create(p.GetString("region") ?? env("AWS_REGION"), p.GetString("profile"), p.GetString("endpointUrl"),
            p.GetDuration("timeout") is { } t && t < context.Timeout ? t : context.Timeout, credentials);
    }
}
