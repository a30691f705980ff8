using Readiness.Core.Running;

namespace Readiness.Core.Checks.Logs;

/// <summary>
/// Logs are production-grade: JSON on every line, request ids on request lines, no debug/trace levels, no personal
/// data in clear. Reads a file, a folder, a command's output or lines given as a parameter (Test-ReadinessLogs'
/// pipeline). An item that names an aspect decides that one; "all" decides them together (the worst); an item that
/// names none gets one result per aspect.
/// </summary>
public sealed class LogsCheck : ICheck
{
    public string Type => "logs";

    public IReadOnlyCollection<string> Parameters { get; } = new[]
    {
        "path", "lines", "pattern", "command", "args", "aspect", "minJsonShare", "requestIdFields", "requestFields", "levelFields", "forbiddenLevels", "pii",
    };

    /// <summary>Each aspect's own title and severity, for results of an item that names no aspect.</summary>
    private static readonly (string Aspect, string Title, Severity Severity)[] AspectDefaults =
    {
        ("json", "Log lines are JSON", Severity.Medium),
        ("request-id", "Request log lines carry a request id", Severity.Medium),
        ("level", "No debug or trace log lines", Severity.Low),
        ("pii", "No personal data in clear in logs", Severity.High),
    };

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var analyzer = new LogAnalyzer(RulesFrom(p));
        string target;
        if (p.Has("lines"))
        {
            target = "pipeline input";
            analyzer.Read("pipeline", p.GetStringList("lines"));
        }
        else if (p.GetString("command") is { } command)
        {
            target = $"{command} output";
            var n = 0;
            await foreach (var line in LogSources.CommandAsync(command, p.GetStringList("args"), context.BaseDirectory, cancellationToken).ConfigureAwait(false))
                analyzer.Add(command, ++n, line);
        }
        else
        {
            var paths = p.GetStringList("path").Select(context.ResolvePath).ToList();
            if (paths.Count == 0) throw p.Missing("path", "a log file or folder");
            target = string.Join(", ", paths);
            foreach (var path in paths)
                foreach (var (source, lines) in LogSources.Files(path, p.GetString("pattern")))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    analyzer.Read(source, lines);
                }
        }
        return Decide(context, analyzer.Result, target);
    }

    public static IReadOnlyList<CheckResult> Decide(CheckContext context, LogAnalysis analysis, string target)
    {
        var minShare = context.Parameters.GetDouble("minJsonShare", 1.0);
        switch (context.Parameters.GetString("aspect"))
        {
            case null:
                return AspectDefaults.Select(a => LogsAssessment.Judge(context.ForAspect(a.Aspect, a.Title, a.Severity), a.Aspect, analysis, target, minShare)).ToList();
            case "all":
                var worst = LogsAssessment.Aspects.Select(a => LogsAssessment.Judge(context, a, analysis, target, minShare)).Worst();
                if (worst.Status == CheckStatus.Passed) worst.Message = $"{analysis.Lines} log lines: all JSON, request ids present, no debug/trace, no personal data in clear.";
                return [worst];
            case var aspect:
                return [LogsAssessment.Judge(context, aspect, analysis, target, minShare)];
        }
    }

    public static LogRules RulesFrom(CheckParameters p)
    {
        var defaults = new LogRules();
        return new LogRules
        {
            RequestIdFields = Or(p.GetStringList("requestIdFields"), defaults.RequestIdFields),
            RequestFields = Or(p.GetStringList("requestFields"), defaults.RequestFields),
            LevelFields = Or(p.GetStringList("levelFields"), defaults.LevelFields),
            ForbiddenLevels = Or(p.GetStringList("forbiddenLevels"), defaults.ForbiddenLevels),
            PiiKinds = Or(p.GetStringList("pii"), defaults.PiiKinds),
        };
    }

    private static IReadOnlyCollection<string> Or(IReadOnlyList<string> given, IReadOnlyCollection<string> fallback) => given.Count > 0 ? given : fallback;
}
