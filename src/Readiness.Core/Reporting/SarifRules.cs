using Readiness.Core.Checks.Secrets;

namespace Readiness.Core.Reporting;

/// <summary>
/// What a SARIF rule says: its descriptions and help, and whether GitHub code scanning should file its alerts as
/// security alerts (only then does it get <c>security-severity</c> and the <c>security</c> tag). A secrets detector is
/// a rule of its own, described from the detector; any other rule is a checklist item.
/// </summary>
public static class SarifRules
{
    /// <summary>Check types whose findings are weaknesses an attacker uses: leaked credentials, transport, browser and signing defences.</summary>
    public static readonly IReadOnlySet<string> SecurityCheckTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "secrets", "tls", "headers", "hsts", "http-redirect", "webhook", "lockout", "kms", "dependency-audit", "audit-events",
    };

    /// <summary>The kubernetes rules about attack surface; the rest (replicas, probes, memory limits, ...) are reliability.</summary>
    public static readonly IReadOnlySet<string> SecurityKubernetesRules = new HashSet<string>(StringComparer.Ordinal) { "non-root", "env-secrets" };

    public static bool IsSecurity(CheckResult result)
    {
        if (!string.Equals(result.CheckType, "kubernetes", StringComparison.OrdinalIgnoreCase))
            return SecurityCheckTypes.Contains(result.CheckType);
        // A finding names its rule; a checklist item lists the rules it ran; Test-ReadinessKubernetes names one at the end of the id.
        var rules = result.Evidence.TryGetValue("rule", out var one) ? new[] { one }
            : result.Evidence.TryGetValue("rules", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : new[] { result.Id[(result.Id.LastIndexOf('.') + 1)..] };
        return rules.Length > 0 && rules.All(SecurityKubernetesRules.Contains);
    }

    /// <summary>The secrets detector a result reports, or null when it is not a secret finding.</summary>
    public static SecretRule? Detector(CheckResult result) =>
        result.Evidence.TryGetValue("rule", out var id) && id.Length > 0 ? SecretRules.Find(id) : null;

    public sealed record Text(string Short, string Full, string Help, string HelpMarkdown);

    public static Text Describe(CheckResult first)
    {
        if (Detector(first) is { } rule)
        {
            var how = rule.KeyHeader ? "a private key block"
                : rule.UrlCredential ? "the password part of a URL with credentials"
                : rule.Generic ? "a long, random-looking value assigned to a name such as password, secret or token"
                : $"its fixed format ({rule.Id})";
            return new Text(
                $"{rule.Title} committed to the repository",
                $"A {rule.Title} was found in a tracked file or in a line added to the Git history, recognised by {how}. "
                + "Anyone who can read the repository, a clone or a fork can use it until it is revoked.",
                $"Revoke or rotate the {rule.Title} where it was issued first: deleting it from the code leaves it in the Git history. "
                + "Then read it from the environment or the secret manager. A reviewed false positive goes into "
                + $"{SecretAllowlist.DefaultFileName} by its fingerprint (the readinessFingerprint/v1 of the alert).",
                $"**Revoke or rotate the {rule.Title}** where it was issued first: deleting it from the code leaves it in the Git history.\n\n"
                + "1. Revoke or rotate the credential.\n2. Read it from the environment or the secret manager instead of the file.\n"
                + $"3. A reviewed false positive goes into `{SecretAllowlist.DefaultFileName}` by its fingerprint (`readinessFingerprint/v1`).");
        }
        var what = $"{first.Section}: {first.Title}".Trim(' ', ':');
        var help = string.IsNullOrWhiteSpace(first.Remediation) ? $"See the checklist item {first.Id}." : first.Remediation!;
        return new Text(
            string.IsNullOrWhiteSpace(first.Title) ? first.Id : first.Title,
            $"{what} (checklist item {first.Id}, {(first.CheckType.Length > 0 ? first.CheckType : "readiness")} check).",
            help,
            $"**{Markdown(what)}**\n\n{Markdown(help)}");
    }

    private static string Markdown(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    /// <summary>GitHub's scale: 9.0 and above critical, 7.0 high, 4.0 medium, below low.</summary>
    public static string SecuritySeverity(Severity s) => s switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "1.0",
    };
}
