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
            return $"manual attestation by {who}" + (item.PreviouslyValidated ? " (validated in the seed's snapshot; re-attest per release)" : "");
        }
        return Describe(item.Check.Type, item.Check.Parameters);
    }

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
