using System.Text.Json;
using System.Text.RegularExpressions;

namespace Readiness.Core.Checks.Kms;

public enum PolicyFindingLevel { Problem, Note }

/// <summary>One observation about a key policy statement. Notes explain; problems fail the least-privilege check.</summary>
public sealed record PolicyFinding(PolicyFindingLevel Level, string Statement, string Message);

/// <summary>
/// Reviews an AWS KMS key policy for least privilege: wildcard principals without a restricting condition,
/// <c>kms:*</c> or key administration granted to principals that only use the key, and usage and administration
/// held by one principal. The account-root statement of the default policy is explained, not flagged.
/// </summary>
public static partial class KeyPolicyAnalyzer
{
    // Cryptographic use only: read-only actions (Describe*, Get*, List*) are harmless on either side.
    private static readonly string[] UsageActions =
    {
        "kms:Sign", "kms:Verify", "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:ReEncryptFrom", "kms:ReEncryptTo",
        "kms:GenerateDataKey*", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKeyPair",
        "kms:GenerateMac", "kms:VerifyMac",
    };

    private static readonly string[] AdminPrefixes =
    {
        "kms:Create", "kms:Put", "kms:Delete", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:Disable", "kms:Enable",
        "kms:Update", "kms:Revoke", "kms:RetireGrant", "kms:TagResource", "kms:UntagResource", "kms:ImportKeyMaterial", "kms:ReplicateKey",
        "kms:RotateKeyOnDemand",
    };

    public static IReadOnlyList<PolicyFinding> Analyze(string policyJson)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(policyJson); }
        catch (JsonException ex) { throw new InvalidDataException($"The key policy is not JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): {ex.Message}"); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("Statement", out var statements))
                throw new InvalidDataException("The key policy has no Statement.");
            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : new List<JsonElement> { statements };
            var findings = new List<PolicyFinding>();
            var usageBy = new Dictionary<string, string>(StringComparer.Ordinal);
            var adminBy = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < list.Count; i++)
            {
                var s = list[i];
                if (s.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"Statement {i + 1} is not an object.");
                var sid = Str(s, "Sid") ?? $"statement {i + 1}";
                if (!string.Equals(Str(s, "Effect"), "Allow", StringComparison.OrdinalIgnoreCase)) continue;
                var principals = Principals(s);
                var actions = Strings(s, "Action");
                var hasCondition = s.TryGetProperty("Condition", out var c) && c.ValueKind == JsonValueKind.Object && c.EnumerateObject().Any();
                var allKms = actions.Any(a => a is "*" or "kms:*");
                var admin = allKms || actions.Any(IsAdmin);
                var usage = allKms || actions.Any(IsUsage);

                foreach (var principal in principals)
                {
                    if (IsWildcard(principal))
                    {
                        if (!hasCondition)
                            findings.Add(new(PolicyFindingLevel.Problem, sid, $"'{sid}' allows {Describe(actions)} to any principal (\"*\") with no Condition: anyone with AWS credentials could use the key."));
                        else
                            findings.Add(new(PolicyFindingLevel.Note, sid, $"'{sid}' allows a wildcard principal restricted by a Condition ({string.Join(", ", ConditionKeys(c))}); review that the condition pins the caller."));
                        continue;
                    }
                    if (IsAccountRoot(principal))
                    {
                        if (allKms)
                            findings.Add(new(PolicyFindingLevel.Note, sid, $"'{sid}' gives account {AccountOf(principal)} kms:* through its root principal: the default statement that lets IAM policies in that account grant access. Least privilege then depends on those IAM policies; review which roles have kms:* on this key."));
                        else if (admin && usage) adminBy[principal] = usageBy[principal] = sid;
                        continue;
                    }
                    if (allKms)
                        findings.Add(new(PolicyFindingLevel.Problem, sid, $"'{sid}' grants {Short(principal)} kms:* (every action, including deletion and policy changes); grant only the actions it needs."));
                    if (usage) usageBy.TryAdd(principal, sid);
                    if (admin) adminBy.TryAdd(principal, sid);
                }
            }
            foreach (var principal in usageBy.Keys.Intersect(adminBy.Keys))
            {
                if (findings.Any(f => f.Level == PolicyFindingLevel.Problem && f.Message.Contains(Short(principal)) && f.Message.Contains("kms:*"))) continue;
                findings.Add(new(PolicyFindingLevel.Problem, usageBy[principal],
                    $"{Short(principal)} both uses the key ('{usageBy[principal]}') and administers it ('{adminBy[principal]}'); separate key users from key administrators."));
            }
            return findings;
        }
    }

    private static bool IsUsage(string action) => UsageActions.Any(u => Matches(action, u) || Matches(u, action));
    private static bool IsAdmin(string action) => AdminPrefixes.Any(p => action.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || action.EndsWith("Policy", StringComparison.OrdinalIgnoreCase) && action.StartsWith("kms:Put", StringComparison.OrdinalIgnoreCase);

    private static bool Matches(string pattern, string action) =>
        pattern.Contains('*') && Regex.IsMatch(action, "^" + Regex.Escape(pattern).Replace(@"\*", ".*") + "$", RegexOptions.IgnoreCase)
        || string.Equals(pattern, action, StringComparison.OrdinalIgnoreCase);

    private static bool IsWildcard(string principal) => principal is "*" or "AWS:*";
    private static bool IsAccountRoot(string principal) => AccountRoot().IsMatch(principal) || Regex.IsMatch(principal, @"^AWS:\d{12}$");
    private static string AccountOf(string principal) => Regex.Match(principal, @"\d{12}").Value;
    private static string Short(string principal) => principal.StartsWith("AWS:", StringComparison.Ordinal) ? principal[4..] : principal;
    private static string Describe(IReadOnlyList<string> actions) => actions.Count <= 3 ? string.Join(", ", actions) : $"{string.Join(", ", actions.Take(3))} and {actions.Count - 3} more actions";

    /// <summary>Principal as "*", "AWS:arn...", "Service:name"; the forms a policy allows (string, list, map of lists).</summary>
    private static IReadOnlyList<string> Principals(JsonElement statement)
    {
        if (!statement.TryGetProperty("Principal", out var p)) return Array.Empty<string>();
        if (p.ValueKind == JsonValueKind.String) return new[] { p.GetString() == "*" ? "*" : "AWS:" + p.GetString() };
        if (p.ValueKind != JsonValueKind.Object) return Array.Empty<string>();
        var list = new List<string>();
        foreach (var kind in p.EnumerateObject())
        {
            var values = kind.Value.ValueKind == JsonValueKind.Array
                ? kind.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)
                : kind.Value.ValueKind == JsonValueKind.String ? new[] { kind.Value.GetString()! } : Array.Empty<string>();
            list.AddRange(values.Select(v => kind.Name == "AWS" && v == "*" ? "*" : $"{kind.Name}:{v}"));
        }
        return list;
    }

    private static IEnumerable<string> ConditionKeys(JsonElement condition) =>
        condition.EnumerateObject().SelectMany(o => o.Value.ValueKind == JsonValueKind.Object ? o.Value.EnumerateObject().Select(k => k.Name) : new[] { o.Name });

    private static IReadOnlyList<string> Strings(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) ? Array.Empty<string>()
        : v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
        : v.ValueKind == JsonValueKind.String ? new[] { v.GetString()! } : Array.Empty<string>();

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [GeneratedRegex(@"^AWS:arn:aws[\w-]*:iam::\d{12}:root$")]
    private static partial Regex AccountRoot();
}
