using System.Text.Json;
using System.Text.RegularExpressions;
using Readiness.Core.Checks.Metrics;
using Readiness.Core.Checks.PrometheusRules.PromQl;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.Dashboards;

public sealed record GrafanaDashboardsParameters
{
    [CheckParameter("path", Required = true, Expected = "dashboard JSON files or a glob")] public IReadOnlyList<string> Path { get; init; } = [];
    /// <summary>The service's metrics as a saved scrape (Prometheus text or OpenMetrics): panel queries must use its families.</summary>
    [CheckParameter("metrics", Required = true, Expected = "the service's /metrics as a saved scrape file")] public string Metrics { get; init; } = "";
    /// <summary>Metric families at least one panel must chart (the cache hit/miss counter, the request rate).</summary>
    [CheckParameter("require")] public IReadOnlyList<string> Require { get; init; } = [];
    [CheckParameter("minPanels", Min = 1)] public int MinPanels { get; init; } = 1;
}

/// <summary>
/// Grafana dashboards for the service exist as JSON in the repository, every panel query parses as PromQL (the
/// prometheus-rules check's parser) and reads only metric families the service exposes (the metrics check's reader),
/// and the required families are charted.
/// </summary>
public sealed partial class GrafanaDashboardsCheck : SingleResultCheck<GrafanaDashboardsParameters>
{
    public override string Type => "grafana-dashboards";

    private static readonly string[] SampleSuffixes = ["_total", "_bucket", "_sum", "_count", "_created", "_info"];

    public override Task<CheckResult> DecideAsync(CheckContext context, GrafanaDashboardsParameters p, CancellationToken cancellationToken)
    {
        var target = string.Join(", ", p.Path);
        var files = p.Path.SelectMany(g => FileGlob.Expand(context.BaseDirectoryOf(g), g)).Distinct().ToList();
        if (files.Count == 0)
            return Task.FromResult(context.Fail($"No Grafana dashboard matches {target}.", target, "Export the service's dashboards as JSON (Share > Export) and commit them."));
        var metricsPath = context.ResolvePath(p.Metrics);
        if (!File.Exists(metricsPath)) return Task.FromResult(context.Error($"The metrics scrape {p.Metrics} does not exist.", p.Metrics));
        var families = MetricsParser.ParseAll(File.ReadAllText(metricsPath));

        var problems = new List<string>();
        var charted = new HashSet<string>(StringComparer.Ordinal);
        var panels = 0;
        var queries = 0;
        foreach (var file in files)
        {
            var name = System.IO.Path.GetFileName(file);
            JsonDocument doc;
            try { doc = JsonDocument.Parse(File.ReadAllText(file)); }
            catch (JsonException ex) { problems.Add($"{name} is not JSON ({ex.Message})"); continue; }
            using var _ = doc;
            var root = doc.RootElement.TryGetProperty("dashboard", out var wrapped) ? wrapped : doc.RootElement;
            foreach (var panel in Panels(root))
            {
                panels++;
                var title = panel.TryGetProperty("title", out var t) ? t.GetString() : "(untitled)";
                if (!panel.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Array) continue;
                foreach (var query in targets.EnumerateArray())
                {
                    if (!query.TryGetProperty("expr", out var exprNode) || exprNode.GetString() is not { Length: > 0 } expr) continue;
                    queries++;
                    if (!PromQlParser.TryParse(Substitute(expr), out var parsed, out var error))
                    {
                        problems.Add($"{name} panel '{title}': the query does not parse as PromQL ({error!.Message})");
                        continue;
                    }
                    foreach (var metric in parsed!.Descendants().OfType<VectorSelector>().Select(v => v.MetricName).OfType<string>().Distinct())
                    {
                        if (FamilyOf(metric, families) is { } family) charted.Add(family);
                        else problems.Add($"{name} panel '{title}' reads {metric}, which the service does not expose");
                    }
                }
            }
        }
        if (panels < p.MinPanels) problems.Add($"the dashboards hold {panels} panel(s), fewer than {p.MinPanels}");
        var notCharted = p.Require.Where(r => FamilyOf(r, families) is not { } f || !charted.Contains(f)).ToList();
        if (notCharted.Count > 0) problems.Add($"no panel charts {string.Join(", ", notCharted)}");

        var result = problems.Count == 0
            ? context.Pass($"{files.Count} dashboard(s), {panels} panels, {queries} queries: every query parses and reads families the service exposes{(p.Require.Count > 0 ? $", including {string.Join(", ", p.Require)}" : "")}.", target)
            : context.Fail($"Dashboards: {string.Join("; ", problems.Take(5))}{(problems.Count > 5 ? $"; and {problems.Count - 5} more" : "")}.", target,
                "Fix the panel queries to use the metric names the service exposes (see its /metrics), and chart the required families.");
        return Task.FromResult(result.WithEvidence("dashboards", files.Count).WithEvidence("panels", panels).WithEvidence("queries", queries).WithEvidence("problems", problems.Count));
    }

    /// <summary>Panels at any depth (rows hold panels of their own).</summary>
    private static IEnumerable<JsonElement> Panels(JsonElement node)
    {
        if (!node.TryGetProperty("panels", out var panels) || panels.ValueKind != JsonValueKind.Array) yield break;
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            foreach (var inner in Panels(panel)) yield return inner;
        }
    }

    /// <summary>The exposed family a queried name belongs to: itself, or the family of a sample name (x_total of counter x).</summary>
    public static string? FamilyOf(string metric, IReadOnlyDictionary<string, MetricFamily> families)
    {
        if (families.ContainsKey(metric)) return metric;
        foreach (var suffix in SampleSuffixes)
            if (metric.EndsWith(suffix, StringComparison.Ordinal) && families.ContainsKey(metric[..^suffix.Length])) return metric[..^suffix.Length];
        return null;
    }

    /// <summary>Grafana's template variables replaced so the query parses: intervals by a duration, the rest by a label value.</summary>
    public static string Substitute(string expr) => OtherVariable().Replace(IntervalVariable().Replace(expr, "5m"), "x");

    [GeneratedRegex(@"\$\{?__(rate_interval|interval|range)\}?")]
    private static partial Regex IntervalVariable();

    [GeneratedRegex(@"\$\{?\w+(:\w+)?\}?")]
    private static partial Regex OtherVariable();
}
