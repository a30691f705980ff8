using System.Globalization;
using System.Text;

namespace Readiness.Core.Reporting;

/// <summary>
/// GitHub Actions workflow commands: an annotation per result that needs attention, at the level
/// <see cref="CiEnvironment.AnnotationLevel"/> decides (error for a Failed/Error item of Medium severity or above, warning
/// for a Low/Info one and for a High/Critical Warning), on the file and line relative to the repository root, then a
/// notice with the decision. <see cref="AppendStepSummary"/> adds the Markdown report to the job summary ($GITHUB_STEP_SUMMARY).
/// </summary>
public sealed class GitHubReportWriter : IReportWriter
{
    public string Format => "github";
    public string Extension => ".txt";

    /// <summary>Where annotation paths are relative to; detected from the report and the environment when null.</summary>
    public RepositoryPaths? Paths { get; init; }

    public void Write(ReadinessReport report, TextWriter writer)
    {
        var paths = Paths ?? RepositoryPaths.Detect(report);
        // GitHub shows only the first few annotations of each kind per step: errors first, most severe first.
        // One annotation per finding where a check reports several (each secret on its own line).
        var annotated = ReportFindings.Of(report.Results).Select(d => d.Result).Select(r => (Result: r, Level: CiEnvironment.AnnotationLevel(r))).Where(x => x.Level is not null)
            .OrderBy(x => x.Level == "error" ? 0 : 1).ThenByDescending(x => x.Result.Severity);
        foreach (var (r, level) in annotated)
        {
            var properties = new List<(string, string)>();
            if (!string.IsNullOrEmpty(r.File) && paths.IsInside(r.File))
            {
                properties.Add(("file", paths.Of(r.File)));
                if (r.Line is { } line) properties.Add(("line", line.ToString(CultureInfo.InvariantCulture)));
            }
            properties.Add(("title", r.Id));
            var message = $"{r.Status} [{r.Severity}] {r.Title}: {r.Message}";
            if (!string.IsNullOrWhiteSpace(r.Remediation)) message += $"\nRemediation: {r.Remediation}";
            writer.WriteLine(Command(level!, properties, message));
        }
        writer.WriteLine(Command("notice", new[] { ("title", $"Readiness decision: {report.Decision}") },
            $"{report.DecisionReason} ({ReportView.CountsLine(report)})"));
    }

    /// <summary><c>::name key=value,key=value::message</c> with both parts escaped per the workflow-command rules.</summary>
    public static string Command(string name, IEnumerable<(string Key, string Value)> properties, string message)
    {
        var sb = new StringBuilder("::").Append(name);
        var first = true;
        foreach (var (key, value) in properties)
        {
            sb.Append(first ? ' ' : ',').Append(key).Append('=').Append(EscapeProperty(value));
            first = false;
        }
        return sb.Append("::").Append(EscapeData(message)).ToString();
    }

    /// <summary>Message text: %, CR and LF are encoded so a value cannot start a new command line.</summary>
    public static string EscapeData(string? text) =>
        (text ?? "").Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Property values additionally encode the separators ':' and ','.</summary>
    public static string EscapeProperty(string? text) =>
        EscapeData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>Appends the report as Markdown to the job summary file (the file named by $GITHUB_STEP_SUMMARY).</summary>
    public static void AppendStepSummary(ReadinessReport report, string path)
    {
        using var writer = new StreamWriter(path, append: true, new UTF8Encoding(false));
        new MarkdownReportWriter { HeadingLevel = 2 }.Write(report, writer);
        writer.WriteLine();
    }
}
