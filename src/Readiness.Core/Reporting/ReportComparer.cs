using System.Globalization;
using System.Text;

namespace Readiness.Core.Reporting;

/// <summary>Compares two reports item by item: regressions, fixes, added and removed items, and changed figures.</summary>
public static class ReportComparer
{
    private static readonly HashSet<CheckStatus> Good = new() { CheckStatus.Passed, CheckStatus.Attested };
    private static readonly HashSet<CheckStatus> Bad = new() { CheckStatus.Failed, CheckStatus.Error };

    public static ReportComparison Compare(ReadinessReport old, ReadinessReport current)
    {
        var comparison = new ReportComparison
        {
            OldChecklist = old.ChecklistName, NewChecklist = current.ChecklistName,
            OldDecision = old.Decision, NewDecision = current.Decision,
            OldStartTime = old.StartTime, NewStartTime = current.StartTime,
        };
        var before = old.Results.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var after = current.Results.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        foreach (var now in current.Results)
        {
            if (!before.TryGetValue(now.Id, out var was))
            {
                comparison.Changes.Add(new ItemChange { Kind = ChangeKind.Added, Id = now.Id, Title = now.Title, NewStatus = now.Status, Message = $"New item, {now.Status}." });
                continue;
            }
            if (was.Status != now.Status)
            {
                var kind = (Good.Contains(was.Status) || was.Status == CheckStatus.Waived) && Bad.Contains(now.Status) ? ChangeKind.Regression
                    : Bad.Contains(was.Status) && Good.Contains(now.Status) ? ChangeKind.Fix
                    : ChangeKind.StatusChanged;
                comparison.Changes.Add(new ItemChange
                {
                    Kind = kind, Id = now.Id, Title = now.Title, OldStatus = was.Status, NewStatus = now.Status,
                    Message = $"{was.Status} -> {now.Status}: {now.Message}",
                });
            }
            foreach (var key in was.Evidence.Keys.Union(now.Evidence.Keys).OrderBy(k => k, StringComparer.Ordinal))
            {
                was.Evidence.TryGetValue(key, out var o);
                now.Evidence.TryGetValue(key, out var n);
                if (string.Equals(o, n, StringComparison.Ordinal)) continue;
                var change = new ItemChange
                {
                    Kind = ChangeKind.EvidenceChanged, Id = now.Id, Title = now.Title, OldStatus = was.Status, NewStatus = now.Status,
                    Key = key, OldValue = o, NewValue = n,
                };
                if (TryNumber(o, out var a) && TryNumber(n, out var b)) change.Delta = b - a;
                change.Message = $"{key}: {o ?? "(none)"} -> {n ?? "(none)"}" + (change.Delta is { } d ? $" ({(d >= 0 ? "+" : "")}{d.ToString("0.###", CultureInfo.InvariantCulture)})" : "");
                comparison.Changes.Add(change);
            }
        }
        foreach (var was in old.Results.Where(r => !after.ContainsKey(r.Id)))
            comparison.Changes.Add(new ItemChange { Kind = ChangeKind.Removed, Id = was.Id, Title = was.Title, OldStatus = was.Status, Message = $"Item no longer in the checklist (was {was.Status})." });

        comparison.Changes = new(comparison.Changes.OrderBy(c => c.Kind).ThenBy(c => c.Id, StringComparer.Ordinal));
        return comparison;
    }

    /// <summary>Markdown for a pull-request comment: decision change, then one table per kind of change.</summary>
    public static string ToMarkdown(ReportComparison comparison)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"### Readiness: {comparison.OldDecision} → {comparison.NewDecision} ({comparison.NewChecklist})");
        sb.AppendLine();
        var counts = Enum.GetValues<ChangeKind>().Select(k => (k, n: comparison.Changes.Count(c => c.Kind == k))).Where(x => x.n > 0);
        sb.AppendLine(comparison.Changes.Count == 0 ? "No changes between the two runs." : string.Join(" · ", counts.Select(x => $"**{x.n}** {Label(x.k).ToLowerInvariant()}")));
        foreach (var group in comparison.Changes.GroupBy(c => c.Kind))
        {
            sb.AppendLine();
            sb.AppendLine($"#### {Label(group.Key)}");
            sb.AppendLine();
            sb.AppendLine("| Item | Before | After | Detail |");
            sb.AppendLine("| --- | --- | --- | --- |");
            foreach (var c in group)
                sb.AppendLine($"| `{Cell(c.Id)}` | {c.OldStatus?.ToString() ?? "—"} | {c.NewStatus?.ToString() ?? "—"} | {Cell(c.Message)} |");
        }
        return sb.ToString();
    }

    private static string Label(ChangeKind kind) => kind switch
    {
        ChangeKind.Regression => "Regressions",
        ChangeKind.Fix => "Fixes",
        ChangeKind.Added => "New items",
        ChangeKind.Removed => "Removed items",
        ChangeKind.StatusChanged => "Other status changes",
        _ => "Changed figures",
    };

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");

    private static bool TryNumber(string? text, out double value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim().TrimEnd('%').Replace("ms", "").Replace(" s", "").Trim();
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
