namespace Readiness.Core.Running;

/// <summary>Applies a <see cref="DecisionRule"/> to results and explains which items produced the decision.</summary>
public static class DecisionEngine
{
    public static (Decision Decision, string Reason) Decide(IReadOnlyCollection<CheckResult> results, DecisionRule? rule = null)
    {
        rule ??= new DecisionRule();
        if (results.Count == 0)
            return (Decision.NoGo, "No items were run: a run that checks nothing cannot be a Go.");

        var blocking = results.Where(r => r.Status.IsProblem() && rule.NoGoSeverities.Contains(r.Severity)).ToList();
        if (blocking.Count > 0)
            return (Decision.NoGo, $"NoGo: {Describe(blocking)} failed or could not run at {Join(rule.NoGoSeverities)} severity.");

        var conditional = results.Where(r =>
            (r.Status.IsProblem() && rule.ConditionalSeverities.Contains(r.Severity))
            || (r.Status == CheckStatus.Manual && rule.PendingManualIsConditional)
            || (r.Status == CheckStatus.Warning && rule.WarningIsConditional)
            || (r.Status == CheckStatus.Waived && rule.WaivedIsConditional)
            // Load or login attempts nobody confirmed prove nothing either way: the release is not a clean Go.
            || NotConfirmed.Is(r)).ToList();
        if (conditional.Count > 0)
        {
            var manual = conditional.Count(r => r.Status == CheckStatus.Manual);
            var waived = conditional.Count(r => r.Status == CheckStatus.Waived);
            var notRun = conditional.Count(NotConfirmed.Is);
            var other = conditional.Where(r => r.Status is not (CheckStatus.Manual or CheckStatus.Waived) && !NotConfirmed.Is(r)).ToList();
            var parts = new List<string>();
            if (other.Count > 0) parts.Add($"{Describe(other)} failed at {Join(rule.ConditionalSeverities)} severity");
            if (manual > 0) parts.Add($"{manual} manual item(s) await attestation");
            if (waived > 0) parts.Add($"{waived} failure(s) accepted by waiver");
            if (notRun > 0) parts.Add($"{notRun} item(s) that change the target were not run (not confirmed)");
            return (Decision.Conditional, "Conditional: " + string.Join("; ", parts) + ".");
        }

        var waivedCount = results.Count(r => r.Status == CheckStatus.Waived);
        return (Decision.Go, waivedCount == 0
            ? "Go: no blocking failures and every manual item is attested."
            : $"Go: no blocking failures; {waivedCount} failure(s) accepted by waiver.");
    }

    public static StatusCounts Count(IEnumerable<CheckResult> results) => StatusCounts.Of(results);

    private static string Describe(IReadOnlyList<CheckResult> items) =>
        items.Count <= 3 ? string.Join(", ", items.Select(i => i.Id)) : $"{string.Join(", ", items.Take(3).Select(i => i.Id))} and {items.Count - 3} more";

    private static string Join(IEnumerable<Severity> severities) => string.Join("/", severities);
}
