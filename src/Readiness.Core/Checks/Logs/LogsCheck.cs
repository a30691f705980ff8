using Readiness.Core.Running;

namespace Readiness.Core.Checks.Logs;

/// <summary>
/// Logs are production-grade: JSON on every line, request ids on request lines, no debug/trace levels, no personal
/// data in clear. Reads a file, a folder or a command's output. One item decides one aspect (or all: the worst).
/// </summary>
public sealed class LogsCheck : SingleResultCheck<LogsParameters>
{
    public override string Type => "logs";

    public override async Task<CheckResult> DecideAsync(CheckContext context, LogsParameters p, CancellationToken cancellationToken)
    {
        var analyzer = new LogAnalyzer(RulesFrom(p));
        string target;
        if (p.Command is { } command)
        {
            target = $"{command} output";
            var n = 0;
            await foreach (var line in LogSources.CommandAsync(command, p.Args, context.BaseDirectory, cancellationToken).ConfigureAwait(false))
                analyzer.Add(command, ++n, line);
        }
        else
        {
            var path = context.ResolvePath(p.Path ?? throw context.Parameters.Missing("path", "a log file or folder, or give command"));
            target = path;
            foreach (var (source, lines) in LogSources.Files(path, p.Pattern))
            {
                cancellationToken.ThrowIfCancellationRequested();
                analyzer.Read(source, lines);
            }
        }
        return Decide(context, p, analyzer.Result, target);
    }

    public static CheckResult Decide(CheckContext context, LogsParameters p, LogAnalysis analysis, string target)
    {
        var aspect = p.Aspect;
        var minShare = p.MinJsonShare;
        if (aspect != "all") return LogsAssessment.Judge(context, aspect, analysis, target, minShare);
        var all = LogsAssessment.Aspects.Select(a => LogsAssessment.Judge(context, a, analysis, target, minShare)).ToList();
        var worst = all.Worst();
        if (worst.Status == CheckStatus.Passed) worst.Message = $"{analysis.Lines} log lines: all JSON, request ids present, no debug/trace, no personal data in clear.";
        return worst;
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
    /// <summary>A log file or folder; or <see cref="Command"/>, whose output is read instead.</summary>
    [CheckParameter("path")] public string? Path { get; init; }
    [CheckParameter("pattern")] public string? Pattern { get; init; }
    [CheckParameter("command")] public string? Command { get; init; }
    [CheckParameter("args")] public IReadOnlyList<string> Args { get; init; } = [];
    [CheckParameter("aspect", Allowed = ["all", "json", "request-id", "level", "pii"], MustBe = "one of json, request-id, level, pii, or all")]
    public string Aspect { get; init; } = "all";
    [CheckParameter("minJsonShare", Min = 0, Max = 1)] public double MinJsonShare { get; init; } = 1.0;
    // Empty lists mean the analyzer's defaults (LogRules).
    [CheckParameter("requestIdFields")] public IReadOnlyList<string> RequestIdFields { get; init; } = [];
    [CheckParameter("requestFields")] public IReadOnlyList<string> RequestFields { get; init; } = [];
    [CheckParameter("levelFields")] public IReadOnlyList<string> LevelFields { get; init; } = [];
    [CheckParameter("forbiddenLevels")] public IReadOnlyList<string> ForbiddenLevels { get; init; } = [];
    [CheckParameter("pii")] public IReadOnlyList<string> Pii { get; init; } = [];
}
