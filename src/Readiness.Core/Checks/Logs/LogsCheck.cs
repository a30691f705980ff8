using Readiness.Core.Running;

namespace Readiness.Core.Checks.Logs;

/// <summary>
/// Logs are production-grade: JSON on every line, request ids on request lines, no debug/trace levels, no personal
/// data in clear. Reads a file, a folder or a command's output. One item decides one aspect (or all: the worst).
/// </summary>
public sealed class LogsCheck : SingleResultCheck
{
    public override string Type => "logs";

    public override IReadOnlyCollection<string> Parameters { get; } = new[]
    {
        "path", "pattern", "command", "args", "aspect", "minJsonShare", "requestIdFields", "requestFields", "levelFields", "forbiddenLevels", "pii",
    };

    public override async Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var analyzer = new LogAnalyzer(RulesFrom(p));
        string target;
        if (p.GetString("command") is { } command)
        {
            target = $"{command} output";
            var n = 0;
            await foreach (var line in LogSources.CommandAsync(command, p.GetStringList("args"), context.BaseDirectory, cancellationToken).ConfigureAwait(false))
                analyzer.Add(command, ++n, line);
        }
        else
        {
            var path = context.ResolvePath(p.RequireString("path"));
            target = path;
            foreach (var (source, lines) in LogSources.Files(path, p.GetString("pattern")))
            {
                cancellationToken.ThrowIfCancellationRequested();
                analyzer.Read(source, lines);
            }
        }
        return Decide(context, analyzer.Result, target);
    }

    public static CheckResult Decide(CheckContext context, LogAnalysis analysis, string target)
    {
        var aspect = context.Parameters.GetString("aspect", "all")!;
        var minShare = context.Parameters.GetDouble("minJsonShare", 1.0);
        if (aspect != "all") return LogsAssessment.Judge(context, aspect, analysis, target, minShare);
        var all = LogsAssessment.Aspects.Select(a => LogsAssessment.Judge(context, a, analysis, target, minShare)).ToList();
        var worst = all.Worst();
        if (worst.Status == CheckStatus.Passed) worst.Message = $"{analysis.Lines} log lines: all JSON, request ids present, no debug/trace, no personal data in clear.";
        return worst;
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
