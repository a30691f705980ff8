using System.Reflection;

namespace Readiness.Core.Running;

/// <summary>Builds a <see cref="ReadinessReport"/> from results: counts, decision and its reason.</summary>
public static class ReportBuilder
{
    public static string ToolVersion { get; } =
        typeof(ReportBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0";

    public static ReadinessReport Build(Checklist? checklist, IReadOnlyList<CheckResult> results,
        DateTimeOffset start, TimeSpan duration, string? target = null)
    {
        var (decision, reason) = DecisionEngine.Decide(results, checklist?.Settings.Decision);
        return new ReadinessReport
        {
            ChecklistName = checklist?.Name ?? "ad-hoc",
            ChecklistTitle = checklist?.Title,
            ChecklistVersion = checklist?.Version,
            ChecklistPath = checklist?.Path,
            Target = target ?? results.Select(r => r.Target).FirstOrDefault(t => !string.IsNullOrEmpty(t)),
            Results = new(results),
            Counts = DecisionEngine.Count(results),
            Decision = decision,
            DecisionReason = reason,
            StartTime = start,
            Duration = duration,
            ToolVersion = ToolVersion,
        };
    }

    /// <summary>Aggregates results produced outside a checklist run (e.g. piped from Test-* cmdlets).</summary>
    public static ReadinessReport Aggregate(IReadOnlyList<CheckResult> results, DecisionRule? rule = null)
    {
        var start = results.Count == 0 ? DateTimeOffset.Now : results.Min(r => r.Timestamp);
        var end = results.Count == 0 ? start : results.Max(r => r.Timestamp + r.Duration);
        var checklist = rule is null ? null : new Checklist { Name = "ad-hoc", Settings = { Decision = rule } };
        return Build(checklist, results, start, end - start);
    }
}
