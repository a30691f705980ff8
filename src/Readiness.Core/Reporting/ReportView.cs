using System.Globalization;

namespace Readiness.Core.Reporting;

/// <summary>What every human-readable writer shows the same way: section order, status order, counts line, headline.</summary>
public static class ReportView
{
    /// <summary>Most severe first, the order a reader triages in.</summary>
    public static readonly Severity[] SeverityOrder = Enum.GetValues<Severity>().OrderByDescending(s => s).ToArray();

    /// <summary>Sections in checklist order (first appearance), each with its results in checklist order.</summary>
    public static IReadOnlyList<(string Section, IReadOnlyList<CheckResult> Results)> Sections(ReadinessReport report) =>
        report.Results
            .GroupBy(r => string.IsNullOrWhiteSpace(r.Section) ? "General" : r.Section, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<CheckResult>)g.ToList()))
            .ToList();

    public static string Title(ReadinessReport report) => report.ChecklistTitle ?? report.ChecklistName;

    /// <summary>Counts from the results themselves, so a hand-built report without Counts still adds up.</summary>
    public static int Count(ReadinessReport report, CheckStatus status) => report.Results.Count(r => r.Status == status);

    /// <summary>"3 Passed, 1 Failed, 2 Manual": only statuses that occur, in <see cref="CheckStatusRules.Order"/>.</summary>
    public static string CountsLine(ReadinessReport report)
    {
        var parts = CheckStatusRules.Order.Select(s => (s, n: Count(report, s))).Where(x => x.n > 0).Select(x => $"{x.n} {x.s}").ToList();
        return parts.Count == 0 ? "no results" : string.Join(", ", parts);
    }

    /// <summary>"dates judged as of ..." for a run pinned with --as-of/-AsOf, so a reader never takes its ages for today's.</summary>
    public static string? AsOfLine(ReadinessReport report) =>
        report.AsOf is { } asOf ? $"dates judged as of {asOf.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}" : null;

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>An icon that reads in plain text, Markdown and HTML alike.</summary>
    public static string Icon(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "✅",
        CheckStatus.Attested => "✍️",
        CheckStatus.Failed => "❌",
        CheckStatus.Error => "⛔",
        CheckStatus.Warning => "⚠️",
        CheckStatus.Manual => "📝",
        CheckStatus.Waived => "🟡",
        _ => "⏭️",
    };

    public static string Icon(Decision decision) => decision switch
    {
        Decision.Go => "🟢",
        Decision.NoGo => "🔴",
        _ => "🟠",
    };

    /// <summary>Evidence as "key=value; key=value", for one-line renderings.</summary>
    public static string EvidenceLine(CheckResult result) => result.Evidence.ToString();
}
