using Readiness.Core.Running;

namespace Readiness.Core.Checks.Logs;

/// <summary>
/// Logs are production-grade: JSON on every line, request ids on request lines, no debug/trace levels, no personal
/// data in clear. Reads a file, a folder, a command's output or lines given as a parameter (Test-ReadinessLogs'
/// pipeline). An item that names an aspect decides that one; "all" decides them together (the worst); an item that
/// names none gets one result per aspect.
/// </summary>
public sealed class LogsCheck : Check<LogsParameters>
{
    public override string Type => "logs";

    /// <summary>Each aspect's own title and severity, for results of an item that names no aspect.</summary>
    private static readonly (string Aspect, string Title, Severity Severity)[] AspectDefaults =
    {
        ("json", "Log lines are JSON", Severity.Medium),
        ("request-id", "Request log lines carry a request id", Severity.Medium),
        ("level", "No debug or trace log lines", Severity.Low),
        ("pii", "No personal data in clear in logs", Severity.High),
    };

    protected override async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, LogsParameters p, CancellationToken cancellationToken)
    {
        var analyzer = new LogAnalyzer(RulesFrom(p));
        string target;
        if (p.Lines is { } given)
        {
            target = "pipeline input";
            analyzer.Read("pipeline", given);
        }
        else if (p.Command is { } command)
        {
            target = $"{command} output";
            var n = 0;
            await foreach (var line in LogSources.CommandAsync(command, p.Args, context.BaseDirectory, cancellationToken).ConfigureAwait(false))
                analyzer.Add(command, ++n, line);
        }
        else
        {
            var paths = p.Path.Select(context.ResolvePath).ToList();
            if (paths.Count == 0) throw context.Parameters.Missing("path", "a log file or folder, or give command");
            target = string.Join(", ", paths);
            foreach (var path in paths)
                foreach (var (source, lines) in LogSources.Files(path, p.Pattern))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    analyzer.Read(source, lines);
                }
        }
        return Decide(context, p, analyzer.Result, target);
    }

    public static IReadOnlyList<CheckResult> Decide(CheckContext context, LogsParameters p, LogAnalysis analysis, string target)
    {
        switch (p.Aspect)
        {
            case null:
                return AspectDefaults.Select(a => LogsAssessment.Judge(context.ForAspect(a.Aspect, a.Title, a.Severity), a.Aspect, analysis, target, p.MinJsonShare)).ToList();
            case "all":
                var worst = LogsAssessment.Aspects.Select(a => LogsAssessment.Judge(context, a, analysis, target, p.MinJsonShare)).Worst();
                if (worst.Status == CheckStatus.Passed) worst.Message = $"{analysis.Lines} log lines: all JSON, request ids present, no debug/trace, no personal data in clear.";
                return [worst];
            case var aspect:
                return [LogsAssessment.Judge(context, aspect, analysis, target, p.MinJsonShare)];
        }
    }

    public static LogRules RulesFrom(LogsParameters p)
    {
        var defaults = new LogRules();
        return new LogRules
        {
            RequestIdFields = Or(p.RequestIdFields, defaults.RequestIdFields),
            RequestFields = Or(p.RequestFields, defaults.RequestFields),
            LevelFields = Or(p.LevelFields, defaults.LevelFields),
            ForbiddenLevels = Or(p.ForbiddenLevels, defaults.ForbiddenLevels),
            PiiKinds = Or(p.Pii, defaults.PiiKinds),
        };
    }

    private static IReadOnlyCollection<string> Or(IReadOnlyList<string> given, IReadOnlyCollection<string> fallback) => given.Count > 0 ? given : fallback;
}

public sealed record LogsParameters
{
    /// <summary>Log files or folders; or <see cref="Command"/>, whose output is read instead, or <see cref="Lines"/>.</summary>
    [CheckParameter("path")] public IReadOnlyList<string> Path { get; init; } = [];
    /// <summary>Lines given directly (Test-ReadinessLogs' pipeline input).</summary>
    [CheckParameter("lines")] public IReadOnlyList<string>? Lines { get; init; }
    [CheckParameter("pattern")] public string? Pattern { get; init; }
    [CheckParameter("command")] public string? Command { get; init; }
    [CheckParameter("args")] public IReadOnlyList<string> Args { get; init; } = [];
    [CheckParameter("aspect", Allowed = ["all", "json", "request-id", "level", "pii"], MustBe = "one of json, request-id, level, pii, or all")]
    public string? Aspect { get; init; }
    [CheckParameter("minJsonShare", Min = 0, Max = 1)] public double MinJsonShare { get; init; } = 1.0;
    // Empty lists mean the analyzer's defaults (LogRules).
    [CheckParameter("requestIdFields")] public IReadOnlyList<string> RequestIdFields { get; init; } = [];
    [CheckParameter("requestFields")] public IReadOnlyList<string> RequestFields { get; init; } = [];
    [CheckParameter("levelFields")] public IReadOnlyList<string> LevelFields { get; init; } = [];
    [CheckParameter("forbiddenLevels")] public IReadOnlyList<string> ForbiddenLevels { get; init; } = [];
    [CheckParameter("pii")] public IReadOnlyList<string> Pii { get; init; } = [];
}
