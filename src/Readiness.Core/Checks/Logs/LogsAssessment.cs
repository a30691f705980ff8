using Readiness.Core.Running;

namespace Readiness.Core.Checks.Logs;

/// <summary>Turns a <see cref="LogAnalysis"/> into one decision per aspect: json, request-id, level, pii.</summary>
public static class LogsAssessment
{
    public static readonly string[] Aspects = { "json", "request-id", "level", "pii" };

    public static CheckResult Judge(CheckContext context, string aspect, LogAnalysis a, string target, double minJsonShare)
    {
        if (a.Lines == 0) return context.Fail($"No log lines were read from {target}.", target, "Point the check at the service's production log output.");
        CheckResult result = aspect switch
        {
            "json" => a.NotJsonCount == 0 || a.JsonShare >= minJsonShare && minJsonShare < 1
                ? context.Pass($"{a.JsonLines} of {a.Lines} log lines are JSON ({a.JsonShare * 100:0.#}%).", target)
                : context.Fail($"{a.NotJsonCount} of {a.Lines} log lines are not JSON ({a.JsonShare * 100:0.#}% JSON), first at {string.Join(", ", a.NotJson)}.", target,
                    "Configure the logger's JSON formatter for every sink (e.g. AddJsonConsole, Serilog CompactJsonFormatter) so no line is plain text."),
            "request-id" => a.RequestLines == 0
                ? context.Warn($"No request log lines were found in {target}, so request ids could not be checked.", target, "Log one line per request with its path and request id.")
                : a.RequestLinesWithoutId == 0
                    ? context.Pass($"All {a.RequestLines} request log lines carry a request id.", target)
                    : context.Fail($"{a.RequestLinesWithoutId} of {a.RequestLines} request log lines have no request id, first at {string.Join(", ", a.MissingRequestId)}.", target,
                        "Add the request or trace id to the logging scope (e.g. IncludeScopes, a correlation-id middleware)."),
            "level" => a.ForbiddenLevelLines == 0
                ? context.Pass($"No debug or trace lines; levels seen: {Levels(a)}.", target)
                : context.Fail($"{a.ForbiddenLevelLines} log lines are at a level not allowed in production ({string.Join(", ", a.ForbiddenLevel.Select(l => l.Kind).Distinct())}), first at {string.Join(", ", a.ForbiddenLevel.Select(l => $"{l.Source}:{l.Line}"))}.", target,
                    "Set the minimum log level to Information in the production configuration."),
            "pii" => a.PiiCount == 0
                ? context.Pass($"No personal data in clear text in {a.Lines} log lines.", target)
                : context.Fail($"{a.PiiCount} values look like personal data in clear text ({string.Join(", ", a.PiiByKind.Select(k => $"{k.Key}: {k.Value}"))}), first at {string.Join(", ", a.Pii)}.", target,
                    "Mask these fields before logging (e.g. j***@example.com, ****1234) or drop them."),
            _ => throw context.Parameters.Invalid("aspect", $"one of {string.Join(", ", Aspects)}, or all"),
        };
        result.WithEvidence("aspect", aspect).WithEvidence("lines", a.Lines).WithEvidence("jsonLines", a.JsonLines)
            .WithEvidence("requestLines", a.RequestLines).WithEvidence("requestLinesWithoutId", a.RequestLinesWithoutId)
            .WithEvidence("forbiddenLevelLines", a.ForbiddenLevelLines).WithEvidence("piiFindings", a.PiiCount);
        var first = aspect switch { "json" => a.NotJson, "request-id" => a.MissingRequestId, "level" => a.ForbiddenLevel, "pii" => a.Pii, _ => new List<LogLocation>() };
        if (first.Count > 0) result.At(first[0].Source, first[0].Line);
        return result;
    }

    private static string Levels(LogAnalysis a) => a.Levels.Count == 0 ? "none recorded" : string.Join(", ", a.Levels.OrderByDescending(l => l.Value).Select(l => $"{l.Key} {l.Value}"));
}
