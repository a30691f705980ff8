using System.Globalization;
using System.Text;

namespace Readiness.Core.Reporting;

/// <summary>
/// Azure DevOps logging commands: <c>##vso[task.logissue]</c> per result that needs attention, of the type
/// <see cref="CiEnvironment.AnnotationLevel"/> decides, with the file relative to the repository root; a plain line per
/// Manual/Waived item and the decision; and <c>##vso[task.complete]</c> mapping Go/Conditional/NoGo to
/// Succeeded/SucceededWithIssues/Failed.
/// </summary>
public sealed class AzureDevOpsReportWriter : IReportWriter
{
    public string Format => "azure-devops";
    public string Extension => ".txt";

    /// <summary>Where source paths are relative to; detected from the report and the environment when null.</summary>
    public RepositoryPaths? Paths { get; init; }

    public void Write(ReadinessReport report, TextWriter writer)
    {
        var paths = Paths ?? RepositoryPaths.Detect(report);
        // One issue per finding where a check reports several (each secret on its own line).
        foreach (var r in ReportFindings.Of(report.Results).Select(d => d.Result))
        {
            var type = CiEnvironment.AnnotationLevel(r);
            if (type is null) continue;
            var properties = new List<(string, string)> { ("type", type) };
            if (!string.IsNullOrEmpty(r.File) && paths.IsInside(r.File))
            {
                properties.Add(("sourcepath", paths.Of(r.File)));
                if (r.Line is { } line) properties.Add(("linenumber", line.ToString(CultureInfo.InvariantCulture)));
            }
            properties.Add(("code", r.Id));
            var message = $"{r.Status} [{r.Severity}] {r.Id}: {r.Message}";
            if (!string.IsNullOrWhiteSpace(r.Remediation)) message += $" Remediation: {r.Remediation}";
            writer.WriteLine(Command("task.logissue", properties, message));
        }
        foreach (var r in report.Results.Where(r => r.Status is CheckStatus.Manual or CheckStatus.Waived))
            writer.WriteLine(EscapeData($"{r.Status}: {r.Id}: {r.Message}"));
        writer.WriteLine(EscapeData($"Readiness decision: {report.Decision}. {report.DecisionReason} ({ReportView.CountsLine(report)})"));
        writer.WriteLine(TaskComplete(report.Decision));
    }

    public static string Result(Decision decision) => decision switch
    {
        Decision.Go => "Succeeded",
        Decision.Conditional => "SucceededWithIssues",
        _ => "Failed",
    };

    public static string TaskComplete(Decision decision) =>
        Command("task.complete", new[] { ("result", Result(decision)) }, $"Readiness decision: {decision}");

    /// <summary><c>##vso[area.action key=value;key=value;]message</c>, escaped as azure-pipelines-task-lib does.</summary>
    public static string Command(string name, IEnumerable<(string Key, string Value)> properties, string message)
    {
        var sb = new StringBuilder("##vso[").Append(name);
        var first = true;
        foreach (var (key, value) in properties)
        {
            if (first) sb.Append(' ');
            sb.Append(key).Append('=').Append(EscapeProperty(value)).Append(';');
            first = false;
        }
        return sb.Append(']').Append(EscapeData(message)).ToString();
    }

    /// <summary>Message text: %, CR and LF encoded (the agent decodes %AZP25, %0D, %0A).</summary>
    public static string EscapeData(string? text) =>
        (text ?? "").Replace("%", "%AZP25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Property values additionally encode ']' and ';', which end the property list.</summary>
    public static string EscapeProperty(string? text) =>
        EscapeData(text).Replace("]", "%5D", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal);
}
