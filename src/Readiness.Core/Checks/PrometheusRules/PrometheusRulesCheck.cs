using System.Globalization;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.PrometheusRules;

/// <summary>
/// Prometheus rule files (plain or PrometheusRule resources) load cleanly, every alert carries severity, summary,
/// description and runbook_url, and the alerts the checklist requires exist, matched by what their expressions
/// watch and compare, not by name.
/// </summary>
public sealed class PrometheusRulesCheck : SingleResultCheck<PrometheusRulesParameters>
{
    public override string Type => "prometheus-rules";

    public override Task<CheckResult> DecideAsync(CheckContext context, PrometheusRulesParameters p, CancellationToken cancellationToken)
    {
        var files = ResolveFiles(context, p.Files);
        if (files.Count == 0) throw context.Parameters.Missing("files", PrometheusRulesParameters.FilesExpected);
        var missingFiles = files.Where(f => !File.Exists(f)).ToList();
        if (missingFiles.Count > 0)
            return Task.FromResult(context.Error($"The rule file {missingFiles[0]} does not exist.", missingFiles[0]));

        var hygiene = new RuleHygiene
        {
            RequiredLabels = p.RequireLabels,
            RequiredAnnotations = p.RequireAnnotations,
        };
        var intents = ReadIntents(context.Parameters, p.Require);
        var reports = files.Select(f => RuleFileReader.Read(f, hygiene)).ToList();
        var target = string.Join(", ", files.Select(f => Path.GetFileName(f)));
        return Task.FromResult(Decide(context, reports, intents, target));
    }

    internal static CheckResult Decide(CheckContext context, List<RuleFileReport> reports, List<AlertIntent> intents, string target)
    {
        var findings = reports.SelectMany(r => r.Findings).ToList();
        var alerts = reports.SelectMany(r => r.Alerts).ToList();
        var unmet = new List<string>();
        var matched = new List<string>();
        foreach (var intent in intents)
        {
            var hit = alerts.FirstOrDefault(a => intent.Mismatch(a) is null);
            if (hit is null) unmet.Add(intent.Display);
            else matched.Add($"{intent.Display} -> {hit.Name}");
        }

        var errors = findings.Where(f => f.IsError).ToList();
        var hygiene = findings.Where(f => !f.IsError).ToList();
        CheckResult result;
        if (errors.Count > 0)
            result = context.Fail(Summary(errors, "error", "Prometheus would reject") , target,
                "Fix the rule file; `promtool check rules FILE` shows the same errors.").At(errors[0].File, errors[0].Line);
        else if (unmet.Count > 0)
            result = context.Fail(unmet.Count == 1
                    ? $"No alert in {target} fires on {unmet[0]}."
                    : $"{unmet.Count} required alerts are missing from {target}: {string.Join("; ", unmet)}.", target,
                "Add alerting rules whose expressions compare these metrics with the required thresholds.");
        else if (hygiene.Count > 0)
            result = context.Fail(Summary(hygiene, "problem", "on-call needs fixed"), target,
                "Give every alert a severity label and summary, description and runbook_url annotations, and a unique name.")
                .At(hygiene[0].File, hygiene[0].Line);
        else
            result = context.Pass(intents.Count > 0
                ? $"{target}: {alerts.Count} alerts load cleanly and all {intents.Count} required alerts are present."
                : $"{target}: {alerts.Count} alerts load cleanly with severity, summary, description and runbook_url.", target);

        result.WithEvidence("files", reports.Count)
            .WithEvidence("alerts", alerts.Count)
            .WithEvidence("recordingRules", reports.Sum(r => r.Rules.Count(x => !x.IsAlert)))
            .WithEvidence("errors", errors.Count)
            .WithEvidence("hygieneProblems", hygiene.Count);
        if (findings.Count > 0) result.WithEvidence("findings", string.Join("\n", findings.Take(50)));
        if (intents.Count > 0) result.WithEvidence("requiredAlerts", intents.Count).WithEvidence("matched", string.Join("; ", matched));
        if (unmet.Count > 0) result.WithEvidence("unmet", string.Join("; ", unmet));
        return result;
    }

    private static string Summary(List<RuleFinding> findings, string noun, string verb) =>
        findings.Count == 1
            ? $"{findings[0]}."
            : $"{findings.Count} {noun}s {verb}, first {findings[0]}.";

    private static List<string> ResolveFiles(CheckContext context, IReadOnlyList<string> patterns)
    {
        var files = new List<string>();
        foreach (var pattern in patterns)
        {
            var full = context.ResolvePath(pattern);
            var name = Path.GetFileName(full);
            if (name.Contains('*') || name.Contains('?'))
            {
                var dir = Path.GetDirectoryName(full)!;
                if (Directory.Exists(dir)) files.AddRange(Directory.GetFiles(dir, name).OrderBy(f => f, StringComparer.Ordinal));
            }
            else files.Add(full);
        }
        return files.Distinct().ToList();
    }

    /// <summary>The required alerts; <paramref name="p"/> words the error for a bad entry.</summary>
    internal static List<AlertIntent> ReadIntents(CheckParameters p, IReadOnlyList<IReadOnlyDictionary<string, object?>> list)
    {
        var intents = new List<AlertIntent>();
        for (var i = 0; i < list.Count; i++)
        {
            var map = list[i];
            var at = $"require[{i}]";
            var unknown = map.Keys.Except(new[] { "description", "metrics", "op", "threshold", "quantile", "severity", "alert" }).ToList();
            if (unknown.Count > 0) throw p.Invalid($"{at}.{unknown[0]}", "one of description, metrics, op, threshold, quantile, severity, alert");
            var metrics = map.TryGetValue("metrics", out var m) ? m switch
            {
                string s => new List<string> { s },
                IEnumerable<object?> items => items.Select(x => Convert.ToString(x, CultureInfo.InvariantCulture) ?? "").ToList(),
                _ => throw p.Invalid($"{at}.metrics", "a metric name or a list of them"),
            } : new List<string>();
            if (metrics.Count == 0) throw p.Invalid($"{at}.metrics", "a metric name or a list of them");
            var op = map.TryGetValue("op", out var o) ? Convert.ToString(o, CultureInfo.InvariantCulture) : null;
            if (op is not null && op is not (">" or ">=" or "<" or "<=" or "==" or "!="))
                throw p.Invalid($"{at}.op", "one of >, >=, <, <=, ==, !=");
            double? Number(string key) => map.TryGetValue(key, out var v) && v is not null
                ? double.TryParse(Convert.ToString(v, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? d : throw p.Invalid($"{at}.{key}", "a number")
                : null;
            var threshold = Number("threshold");
            if (threshold is not null && op is null) throw p.Invalid($"{at}.op", "set when threshold is set");
            intents.Add(new AlertIntent
            {
                Description = map.TryGetValue("description", out var d) ? Convert.ToString(d, CultureInfo.InvariantCulture) ?? "" : "",
                Metrics = metrics, Op = op, Threshold = threshold, Quantile = Number("quantile"),
                Severity = map.TryGetValue("severity", out var sev) ? Convert.ToString(sev, CultureInfo.InvariantCulture) : null,
                AlertName = map.TryGetValue("alert", out var a) ? Convert.ToString(a, CultureInfo.InvariantCulture) : null,
            });
        }
        return intents;
    }
}

public sealed record PrometheusRulesParameters
{
    internal const string FilesExpected = "one or more rule files or globs";

    [CheckParameter("files", Required = true, Expected = FilesExpected)] public IReadOnlyList<string> Files { get; init; } = [];
    /// <summary>Alerts that must exist, matched by what they watch and compare (description, metrics, op, threshold, quantile, severity, alert).</summary>
    [CheckParameter("require")] public IReadOnlyList<IReadOnlyDictionary<string, object?>> Require { get; init; } = [];
    [CheckParameter("requireLabels")] public IReadOnlyList<string> RequireLabels { get; init; } = new RuleHygiene().RequiredLabels;
    [CheckParameter("requireAnnotations")] public IReadOnlyList<string> RequireAnnotations { get; init; } = new RuleHygiene().RequiredAnnotations;
}
