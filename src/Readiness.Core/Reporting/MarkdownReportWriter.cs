namespace Readiness.Core.Reporting;

/// <summary>Markdown: a summary with the decision, then one table per section. Also the GitHub step summary.</summary>
public sealed class MarkdownReportWriter : IReportWriter
{
    public string Format => "markdown";
    public string Extension => ".md";

    /// <summary>Heading level of the report title (2 inside a step summary, where the job already has a title).</summary>
    public int HeadingLevel { get; init; } = 1;

    public void Write(ReadinessReport report, TextWriter writer)
    {
        var h = new string('#', Math.Clamp(HeadingLevel, 1, 5));
        writer.WriteLine($"{h} {Cell(ReportView.Title(report))}");
        writer.WriteLine();
        writer.WriteLine($"**Decision: {ReportView.Icon(report.Decision)} {report.Decision}**: {Inline(report.DecisionReason)}");
        writer.WriteLine();
        var facts = new List<string> { ReportView.CountsLine(report), $"{ReportView.Seconds(report.Duration)} s" };
        if (!string.IsNullOrEmpty(report.ChecklistVersion)) facts.Insert(0, $"checklist {Inline(report.ChecklistName)} {Inline(report.ChecklistVersion)}");
        if (!string.IsNullOrEmpty(report.Target)) facts.Add($"target {Inline(report.Target)}");
        facts.Add($"started {report.StartTime:yyyy-MM-dd HH:mm:ss zzz}");
        if (ReportView.AsOfLine(report) is { } asOf) facts.Add($"**{asOf}**");
        writer.WriteLine(string.Join(" · ", facts));
        writer.WriteLine();

        writer.WriteLine("| Status | Count |");
        writer.WriteLine("| --- | ---: |");
        foreach (var status in CheckStatusRules.Order)
        {
            var n = ReportView.Count(report, status);
            if (n > 0) writer.WriteLine($"| {ReportView.Icon(status)} {status} | {n} |");
        }
        writer.WriteLine();

        foreach (var (section, results) in ReportView.Sections(report))
        {
            writer.WriteLine($"{h}# {Cell(section)}");
            writer.WriteLine();
            writer.WriteLine("| Status | Severity | Id | Title | Message | Remediation |");
            writer.WriteLine("| --- | --- | --- | --- | --- | --- |");
            foreach (var r in results)
                writer.WriteLine($"| {ReportView.Icon(r.Status)} {r.Status} | {r.Severity} | `{Code(r.Id)}` | {Cell(r.Title)} | {Cell(r.Message)} | {Cell(r.Remediation ?? "")} |");
            writer.WriteLine();
        }

        if (report.Waivers.Count > 0)
        {
            writer.WriteLine($"{h}# Waivers");
            writer.WriteLine();
            writer.WriteLine("| Item | State | Approved by | Expires | Applied to | Justification |");
            writer.WriteLine("| --- | --- | --- | --- | --- | --- |");
            foreach (var w in report.Waivers)
                writer.WriteLine($"| `{Code(w.Item)}` | {w.State} | {Cell(w.ApprovedBy)} | {w.Expires:yyyy-MM-dd} | {Cell(string.Join(", ", w.AppliedTo))} | {Cell(w.Justification)} |");
            writer.WriteLine();
        }
    }

    /// <summary>A table cell: pipes escaped, line breaks flattened, and HTML neutralised (GitHub renders inline HTML).</summary>
    public static string Cell(string? text) =>
        Inline(text).Replace("|", "\\|", StringComparison.Ordinal);

    private static string Inline(string? text) =>
        (text ?? "").Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ')
            .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Code(string text) => Cell(text).Replace("`", "'", StringComparison.Ordinal);
}
