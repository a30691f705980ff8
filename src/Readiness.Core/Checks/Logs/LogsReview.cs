using Readiness.Core.Running;

namespace Readiness.Core.Checks.Logs;

/// <summary>Test-ReadinessLogs outside a checklist: one CheckResult per aspect over lines from files or the pipeline.</summary>
public static class LogsReview
{
    public sealed class Options
    {
        public LogRules Rules { get; init; } = new();
        public double MinJsonShare { get; init; } = 1.0;
        public string IdPrefix { get; init; } = "logs";
        public string Section { get; init; } = "Logging";
    }

    public static IReadOnlyList<CheckResult> Run(LogAnalysis analysis, string target, Options options)
    {
        var titles = new Dictionary<string, (string Title, Severity Severity)>
        {
            ["json"] = ("All logs in JSON format", Severity.Medium),
            ["request-id"] = ("Request IDs in all log entries", Severity.Medium),
            ["level"] = ("Log levels configured (info for production)", Severity.Low),
            ["pii"] = ("PII masked in logs", Severity.High),
        };
        return LogsAssessment.Aspects.Select(aspect =>
        {
            var (title, severity) = titles[aspect];
            var item = new ChecklistItem { Id = $"{options.IdPrefix}.{aspect}", Section = options.Section, Title = title, Severity = severity, Check = new CheckSpec { Type = "logs" } };
            var context = new CheckContext(item, new CheckParameters(item.Id, new Dictionary<string, object?>()), new RunEnvironment(Directory.GetCurrentDirectory()));
            var result = LogsAssessment.Judge(context, aspect, analysis, target, options.MinJsonShare);
            result.CheckType = "logs";
            result.Timestamp = DateTimeOffset.Now;
            return result;
        }).ToList();
    }
}
