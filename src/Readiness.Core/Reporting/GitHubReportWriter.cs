using System.Globalization;
using System.Text;

namespace Readiness.Core.Reporting;

/// <summary>
/// GitHub Actions workflow commands: one annotation per result that needs attention (error for Failed/Error,
/// warning for Warning, notice for Manual/Waived) and a notice with the decision. <see cref="AppendStepSummary"/>
/// adds the Markdown report to the job summary ($GITHUB_STEP_SUMMARY).
/// </summary>
public sealed class GitHubReportWriter : IReportWriter
{
    public string Format => "github";
    public string Extension => ".txt";

    public void Write(ReadinessReport report, TextWriter writer)
    {
        // GitHub shows only the first few annotations of each kind per step: errors first, most severe first.
        var annotated = report.Results.Select(r => (Result: r, Level: Level(r.Status))).Where(x => x.Level is not null)
            .OrderBy(x => Array.IndexOf(Levels, x.Level)).ThenByDescending(x => x.Result.Severity);
        foreach (var (r, level) in annotated)
        {
            var properties = new List<(string, string)>();
            if (!string.IsNullOrEmpty(r.File))
            {
                properties.Add(("file", WorkspacePath(r.File)));
                if (r.Line is { } line) properties.Add(("line", line.ToString(CultureInfo.InvariantCulture)));
            }
            properties.Add(("title", $"{r.Status} [{r.Severity}] {r.Id}: {r.Title}"));
            var message = string.IsNullOrWhiteSpace(r.Remediation) ? r.Message : $"{r.Message}\nRemediation: {r.Remediation}";
            writer.WriteLine(Command(level!, properties, message));
        }
        writer.WriteLine(Command("notice", new[] { ("title", $"Readiness decision: {report.Decision}") },
            $"{report.DecisionReason} ({ReportView.CountsLine(report)})"));
    }

    /// <summary>Folder annotation paths are made relative to (GitHub resolves them against the checkout); the current folder by default.</summary>
    public string? WorkspaceRoot { get; init; }

    /// <summary>An absolute path inside the workspace becomes workspace-relative with forward slashes; others are kept.</summary>
    public string WorkspacePath(string file)
    {
        if (!Path.IsPathRooted(file)) return file.Replace('\\', '/');
        var root = Path.GetFullPath(WorkspaceRoot ?? Directory.GetCurrentDirectory());
        var relative = Path.GetRelativePath(root, file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative.Replace('\\', '/');
    }

    private static readonly string[] Levels = { "error", "warning", "notice" };

    /// <summary>The annotation level of a status, or null when it needs none.</summary>
    public static string? Level(CheckStatus status) => status switch
    {
        _ when status.IsProblem() => "error",
        CheckStatus.Warning => "warning",
        CheckStatus.Manual or CheckStatus.Waived => "notice",
        _ => null,
    };

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
