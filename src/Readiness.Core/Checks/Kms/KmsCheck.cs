using Amazon.Runtime;
using Readiness.Core.Evidence;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Kms;

public sealed record KmsParameters
{
    /// <summary>Key id, ARN or alias; required unless <see cref="PolicyFile"/> is given.</summary>
    [CheckParameter("keyId")] public string? KeyId { get; init; }
    /// <summary>One aspect, "all" (the worst of them), or a list of aspects (one result each); none gives one result per aspect.</summary>
    [CheckParameter("aspect")] public object? Aspect { get; init; }
    [CheckParameter("region")] public string? Region { get; init; }
    [CheckParameter("profile")] public string? Profile { get; init; }
    [CheckParameter("endpointUrl")] public string? EndpointUrl { get; init; }
    /// <summary>Wait per KMS call, at most the item timeout.</summary>
    [CheckParameter("timeout", Min = 0)] public TimeSpan? Timeout { get; init; }
    /// <summary>A key policy document (as the deployment applies it), reviewed without AWS.</summary>
    [CheckParameter("policyFile")] public string? PolicyFile { get; init; }
    /// <summary>The checklist variable that supplies keyId: an empty key id is then Skipped naming it.</summary>
    [CheckParameter("keyIdVariable")] public string? KeyIdVariable { get; init; }
}

/// <summary>
/// AWS KMS signing key readiness: state, sign/verify smoke, rotation, key policy. An item that names one aspect (or
/// "all": the worst of them) gets one result; an item that names none, or a list of aspects (the cmdlets), gets one
/// result per aspect under the check's own titles.
/// </summary>
public sealed class KmsCheck : Check<KmsParameters>
{
    public override string Type => "kms";

    /// <summary>Each aspect's own title and severity, for results of an item that names no single aspect.</summary>
    private static readonly Dictionary<string, (string Title, Severity Severity)> AspectDefaults = new()
    {
        ["state"] = ("KMS key is enabled for signing", Severity.Critical),
        ["sign-verify"] = ("KMS key signs and verifies", Severity.High),
        ["rotation"] = ("KMS key rotation", Severity.Low),
        ["policy"] = ("KMS key policy grants least privilege", Severity.High),
    };

    protected override async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, KmsParameters p, CancellationToken cancellationToken)
    {
        var values = context.Parameters;
        var perAspect = p.Aspect is null or (System.Collections.IEnumerable and not string);
        var aspects = perAspect
            ? (p.Aspect is null ? KmsAssessment.Aspects : values.GetStringList("aspect"))
            : values.GetString("aspect") == "all" ? KmsAssessment.Aspects : new[] { values.GetString("aspect")! };
        foreach (var a in aspects)
            if (!AspectDefaults.ContainsKey(a)) throw values.Invalid("aspect", $"one of {string.Join(", ", KmsAssessment.Aspects)}, or all");

        if (p.PolicyFile is { } file)
        {
            if (p.Aspect is not (null or "all") && aspects.Any(a => a != "policy"))
                throw values.Invalid("aspect", "policy (or absent) when policyFile is given");
            var path = context.ResolvePath(file);
            if (!File.Exists(path)) return [context.Fail($"The key policy document {file} does not exist.", file, "Commit the key policy the deployment applies, or read it from KMS with keyId.")];
            KmsVerdict verdict;
            try { verdict = KmsAssessment.PolicyVerdict(File.ReadAllText(path), $"The key policy in {Path.GetFileName(path)}"); }
            catch (InvalidDataException ex) { return [context.Fail(ex.Message, file)]; }
            return [WithEvidence(context.Result(verdict.Status, verdict.Message, file).WithRemediation(verdict.Remediation), [verdict])];
        }
        if (string.IsNullOrWhiteSpace(p.KeyId))
        {
            // Nothing to talk to is not a pass: the item says which variable would enable it.
            if (p.KeyIdVariable is not { } variable) throw values.Missing("keyId", "a key id, ARN or alias");
            return [context.Result(CheckStatus.Skipped, $"No KMS key is configured: set the variable {variable} (--var {variable}=<key id, ARN or alias>) to run this against KMS.", variable)
                .WithEvidence("missingVariable", variable)];
        }
        var keyId = p.KeyId;
        using var kms = CreateClient(context, p);
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
        return [WithEvidence(combined, verdicts)];
    }

    private static CheckResult WithEvidence(CheckResult result, IReadOnlyList<KmsVerdict> verdicts)
    {
        foreach (var v in verdicts)
            foreach (var (k, value) in v.Evidence) result.WithEvidence(verdicts.Count > 1 ? $"{v.Aspect}.{k}" : k, value);
        return result;
    }

/// <summary>Credentials come from the AWS chain; explicit keys in the run's environment win, so profiles and tests can supply them.</summary>
    public static Amazon.KeyManagementService.IAmazonKeyManagementService CreateClient(CheckContext context, KmsParameters p)
    {
        var env = context.Environment.GetEnvironmentVariable;
        AWSCredentials? credentials = null;
        if (env("AWS_ACCESS_KEY_ID") is { Length: > 0 } id && env("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret)
        {
            context.Secrets.Add(secret);
            credentials = env("AWS_SESSION_TOKEN") is { Length: > 0 } token ? new SessionAWSCredentials(id, secret, token) : new BasicAWSCredentials(id, secret);
        }
        return KmsClientFactory.Create(p.Region ?? env("AWS_REGION"), p.Profile, p.EndpointUrl,
            p.Timeout is { } t && t < context.Timeout ? t : context.Timeout, credentials);
    }
}
