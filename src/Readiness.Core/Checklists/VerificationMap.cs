using System.Globalization;
using System.Text;

namespace Readiness.Core.Checklists;

/// <summary>
/// Renders docs/seed-mapping.md: every item of the shipped checklists with its seed text and how it is verified
/// (a check type and what it decides, or a manual attestation and by whom). Generated from the checklists so the
/// page cannot drift from what actually runs.
/// </summary>
public static class VerificationMap
{
    /// <summary>Parameters that only say where to look; the page names what is decided, not the sample paths.</summary>
    private static readonly HashSet<string> Locations = new(StringComparer.Ordinal) { "file", "path", "source", "host", "port", "database", "uri", "url" };

    public static string Render(IEnumerable<(Checklist Checklist, string SeedName)> checklists)
    {
        var list = checklists.ToList();
        var sb = new StringBuilder();
        sb.AppendLine("# Seed checklist mapping");
        sb.AppendLine();
        sb.AppendLine("Every checkbox of both seed checklists is one item of a shipped checklist. This page says how each one is");
        sb.AppendLine("verified: by a check (its type links to the check's page; the parameters say what it decides) or by a");
        sb.AppendLine("manual attestation recorded with `readiness attest ID --by NAME` by one of the listed approvers.");
        sb.AppendLine();
        sb.AppendLine("Generated from `checklists/*.yaml` by `VerificationMap` (Readiness.Core); the test");
        sb.AppendLine("`SeedMappingTests` fails when this page is stale. Regenerate with");
        sb.AppendLine("`READINESS_REGENERATE_DOCS=1 dotnet test tests/Readiness.Core.Tests --filter SeedMappingTests`.");
        foreach (var (checklist, seed) in list)
        {
            var automated = checklist.Items.Count(i => i.Check is not null);
            sb.AppendLine();
            sb.AppendLine($"## {checklist.Title ?? checklist.Name} (`checklists/{checklist.Name}.yaml`)");
            sb.AppendLine();
            sb.AppendLine($"Seed: {seed}. {checklist.Items.Count} items: {automated} automated, {checklist.Items.Count - automated} manual attestations.");
            var byType = checklist.Items.Where(i => i.Check is not null).GroupBy(i => i.CheckType).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
            if (automated > 0) sb.AppendLine($"Check types: {string.Join(", ", byType.Select(g => $"[{g.Key}](checks/{g.Key}.md) ({g.Count()})"))}.");
            foreach (var section in checklist.Items.GroupBy(i => i.Section))
            {
                sb.AppendLine();
                sb.AppendLine($"### {section.Key}");
                sb.AppendLine();
                sb.AppendLine("| Id | Seed text | Severity | Verified by |");
                sb.AppendLine("| --- | --- | --- | --- |");
                foreach (var item in section)
                    sb.AppendLine($"| `{item.Id}` | {Cell(item.Title)} | {item.Severity} | {Cell(HowVerified(item))} |");
            }
        }
        return sb.ToString();
    }

    /// <summary>"check [env](checks/env.md): name=JWT_SECRET, secret=true" or "manual attestation by SRE".</summary>
    public static string HowVerified(ChecklistItem item)
    {
        if (item.Check is null)
        {
            var who = item.Manual is { Approvers.Count: > 0 } m ? string.Join(" or ", m.Approvers) : "any approver";
            return $"manual attestation by {who}" + (item.PreviouslyValidated ? " (validated in the seed's snapshot; re-attest per release)"
                : WhyManual(item.Id) is { } why ? $" (manual because {why})" : "");
        }
        return Describe(item.Check.Type, item.Check.Parameters);
    }

    /// <summary>Why an item stays a person's attestation, by id or id prefix (docs/seed-mapping.md says it per item).</summary>
    private static readonly (string Prefix, string Why)[] ManualReasons =
    [
        ("approvals.", "an approval is a named person's decision, not a fact a machine can read"),
        ("go-no-go.", "sign-off and the release window are decisions people make"),
        ("communication.", "plans, windows, notifications and reviews happen between people, outside anything a check reads"),
        ("frameworks.", "compliance with a framework is certified by auditors"),
        ("security-testing.", "audits and penetration tests are performed and signed by people"),
        ("security.api-keys-rotated", "rotation happens in the secret manager, whose audit trail the checks do not read"),
        ("secrets.database-credentials-rotated", "rotation happens in the secret manager, whose audit trail the checks do not read"),
        ("caching.invalidation-tested", "it needs the service's own invalidation test, which the sample does not have"),
        ("log-aggregation.", "the log pipeline (shipper, store, rotation) lives outside the service and its repository"),
        ("migrations.tested-on-staging", "a staging rehearsal is an event on another environment; attest with its record"),
        ("deployment.rollback-tested-staging", "a staging rollback drill is an event on another environment; attest with its record"),
        ("feature-flags.rollback-tested", "a flag rollback drill is an event in the flag provider; attest with its record"),
        ("data-protection.pii-encrypted-at-rest", "encryption at rest is a property of the storage service (encrypted volumes, KMS), invisible to the database and the service"),
        ("data-protection.deletion-tested", "a deletion drill runs on real records; attest with its record"),
        ("high-availability.failover-tested", "a failover drill is an event; attest with its record"),
    ];

    private static string? WhyManual(string id) =>
        ManualReasons.FirstOrDefault(r => r.Prefix.EndsWith('.') ? id.StartsWith(r.Prefix, StringComparison.Ordinal) : id == r.Prefix).Why;

    private static string Describe(string type, IReadOnlyDictionary<string, object?> parameters)
    {
        var link = $"check [{type}](checks/{type}.md)";
        if (type == "all" && parameters.TryGetValue("checks", out var inner) && inner is IEnumerable<object?> checks)
        {
            var parts = checks.OfType<IDictionary<string, object?>>()
                .Select(c => Describe(c.TryGetValue("type", out var t) ? t?.ToString() ?? "?" : "?",
                    c.Where(kv => kv.Key != "type").ToDictionary(kv => kv.Key, kv => kv.Value)));
            return $"{link}, all of: " + string.Join("; ", parts);
        }
        var decides = parameters.Where(kv => !Locations.Contains(kv.Key)).Select(kv => $"{kv.Key}={Value(kv.Value)}").ToList();
        return decides.Count == 0 ? link : $"{link}: {string.Join(", ", decides)}";
    }

    private static string Value(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        IConvertible c => c.ToString(CultureInfo.InvariantCulture),
        IDictionary<string, object?> map => "{" + string.Join(", ", map.Select(kv => $"{kv.Key}: {Value(kv.Value)}")) + "}",
        IEnumerable<object?> items => "[" + string.Join(", ", items.Select(Value)) + "]",
        _ => value.ToString() ?? "",
    };

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
