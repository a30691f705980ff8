using System.Runtime.CompilerServices;
using Readiness.Core.Checks.PrometheusRules;
using Readiness.Core.Tests.Checks.Metrics;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.PrometheusRules;

public sealed class PrometheusRulesCheckTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();
    public void Dispose() => TempFolder.Delete(_dir);

    private static string SampleRules([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../../samples/diffver/infra/k8s/prometheus-rules.diffver.yaml"));

    /// <summary>Seed 001 section 4.2, declared by intent.</summary>
    public static List<object?> Seed001Alerts() => new()
    {
        Intent("High error rate (>1%)", new[] { "http_requests_total" }, ">", 0.01),
        Intent("High latency (>100ms p95)", new[] { "http_request_duration_seconds_bucket" }, ">", 0.1, quantile: 0.95),
        Intent("Low success rate (<99%)", new[] { "http_requests_total" }, "<", 0.99),
        Intent("Database connection pool exhaustion", new[] { "db_pool_connections_in_use", "db_pool_connections_max" }, ">=", 0.9),
        Intent("Disk space low (<20%)", new[] { "node_filesystem_avail_bytes", "node_filesystem_size_bytes" }, "<", 0.2),
    };

    private static Dictionary<string, object?> Intent(string description, string[] metrics, string op, double threshold, double? quantile = null) => new()
    {
        ["description"] = description, ["metrics"] = metrics.Cast<object?>().ToList(), ["op"] = op, ["threshold"] = threshold, ["quantile"] = quantile,
    };

    private async Task<CheckResult> RunRules(string yaml, List<object?>? require = null)
    {
        File.WriteAllText(Path.Combine(_dir, "rules.yaml"), yaml);
        var parameters = new Dictionary<string, object?> { ["files"] = "rules.yaml" };
        if (require is not null) parameters["require"] = require;
        return await CheckHarness.RunCheckAsync("prometheus-rules", parameters, ObservabilityItem.Run with { BaseDirectory = _dir });
    }

    [Fact]
    public async Task The_shipped_sample_PrometheusRule_meets_every_seed_001_alert_by_intent()
    {
        var result = await CheckHarness.RunCheckAsync("prometheus-rules", new() { ["files"] = SampleRules(), ["require"] = Seed001Alerts() }, ObservabilityItem.Run);
        Assert.True(result.Status == CheckStatus.Passed, result.Message + "\n" + CheckHarness.EverythingShown(result));
        Assert.Contains("High latency (>100ms p95)", result.Evidence["matched"]);
        Assert.Contains("-> DiffverHighLatencyP95", result.Evidence["matched"]);
        Assert.Contains("Disk space low (<20%) (node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.2) -> DiffverDiskSpaceLow", result.Evidence["matched"]);
    }

    [Fact]
    public async Task An_alert_with_the_right_name_but_a_different_threshold_does_not_count()
    {
        var result = await RunRules(Alert("HighLatencyP95", "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[5m])) > 0.5"),
            Seed001Alerts().Skip(1).Take(1).ToList());
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("No alert in rules.yaml fires on High latency (>100ms p95) (histogram_quantile(0.95, http_request_duration_seconds_bucket) > 0.1)", result.Message);
    }

    [Fact]
    public async Task A_threshold_written_in_percent_or_reversed_still_matches()
    {
        var result = await RunRules(
            Alert("ErrorRate", "100 * sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) > 1")
            + Alert("Success", "0.99 > sum(rate(http_requests_total{code=\"200\"}[5m])) / sum(rate(http_requests_total[5m]))", header: false),
            Seed001Alerts().Where((_, i) => i is 0 or 2).ToList());
        Assert.True(result.Status == CheckStatus.Passed, result.Message);
    }

    [Fact]
    public async Task A_PromQL_error_fails_naming_the_alert_and_the_line()
    {
        var result = await RunRules(Alert("Broken", "sum(rate(http_requests_total[5m]) > 0.01"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("rules.yaml:5: alert Broken has an invalid PromQL expression", result.Message);
        Assert.Equal(5, result.Line);
    }

    [Fact]
    public async Task An_error_inside_a_multi_line_expression_points_at_its_own_line()
    {
        var result = await RunRules("groups:\n  - name: g\n    rules:\n      - alert: Ratio\n        expr: |\n          sum(rate(errors_total[5m]))\n            / sum(rate(requests_total[5x]))\n");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(7, result.Line);
        Assert.Contains("rules.yaml:7: alert Ratio has an invalid PromQL expression: bad number or duration syntax", result.Message);
    }

    [Fact]
    public async Task Duplicate_names_bad_for_and_missing_labels_and_annotations_are_all_reported()
    {
        var yaml = """
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: up == 0
                    for: 5 minutes
                    labels: { severity: critical }
                    annotations: { summary: s, description: d, runbook_url: r }
                  - alert: A
                    expr: up == 0
                  - alert: B
                    expr: up == 0
                    labels: { team: x }
                    annotations: { summary: s }
            """;
        var result = await RunRules(yaml);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("rules.yaml:6: alert A has an invalid 'for' duration '5 minutes'", result.Message);
        var findings = result.Evidence["findings"];
        Assert.Contains("rules.yaml:11: alert B has no 'severity' label", findings);
        Assert.Contains("alert B has no 'description' annotation", findings);
        Assert.Contains("alert B has no 'runbook_url' annotation", findings);
        Assert.Contains("rules.yaml:9: alert A is defined 2 times (lines 4, 9)", findings);
        Assert.Equal("1", result.Evidence["errors"]);
    }

    [Fact]
    public async Task Missing_files_and_a_required_alert_with_an_unknown_key_are_parameter_errors_naming_them()
    {
        var none = await CheckHarness.RunCheckAsync("prometheus-rules", new() { ["require"] = Seed001Alerts() }, ObservabilityItem.Run with { BaseDirectory = _dir });
        Assert.Equal(CheckStatus.Error, none.Status);
        Assert.Equal("Item 'obs.item': parameter 'files' is required (one or more rule files or globs).", none.Message);
        var typo = await RunRules(Alert("A", "up == 0"), [new Dictionary<string, object?> { ["metrics"] = "up", ["treshold"] = 1 }]);
        Assert.Equal(CheckStatus.Error, typo.Status);
        Assert.Equal("Item 'obs.item': parameter 'require[0].treshold' must be one of description, metrics, op, threshold, quantile, severity, alert.", typo.Message);
    }

    [Fact]
    public async Task Broken_YAML_fails_with_its_line()
    {
        var result = await RunRules("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: \"up\n");
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("invalid YAML", result.Message);
    }

    [Fact]
    public async Task A_multi_document_file_reads_every_PrometheusRule_and_skips_other_kinds()
    {
        var yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata: { name: x }
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata: { name: a }
            spec:
              groups:
                - name: a
                  rules:
                    - alert: First
                      expr: up == 0
                      labels: { severity: critical }
                      annotations: { summary: s, description: d, runbook_url: https://r }
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata: { name: b }
            spec:
              groups:
                - name: b
                  rules:
                    - alert: Second
                      expr: rate(foo)
            """;
        var result = await RunRules(yaml);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal("2", result.Evidence["alerts"]);
        Assert.Contains("alert Second has an invalid PromQL expression: expected type range vector in call to function \"rate\", got instant vector", result.Message);
        Assert.Equal(25, result.Line); // the expr line of alert Second in the third document
    }

    [Fact]
    public void Our_findings_agree_with_promtool_on_plain_rule_files()
    {
        if (Tools.Find("promtool") is not { } promtool) return;
        var cases = new Dictionary<string, string>
        {
            ["ok"] = Alert("Ok", "up == 0"),
            ["badfor"] = Alert("BadFor", "up == 0").Replace("for: 5m", "for: 5x"),
            ["badexpr"] = Alert("BadExpr", "sum(up"),
            ["noexpr"] = "groups:\n  - name: g\n    rules:\n      - alert: NoExpr\n",
            ["both"] = "groups:\n  - name: g\n    rules:\n      - alert: A\n        record: b\n        expr: up\n",
            ["dupgroup"] = "groups:\n  - name: g\n    rules: []\n  - name: g\n    rules: []\n",
            ["unknownfield"] = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        severity: critical\n",
        };
        foreach (var (name, yaml) in cases)
        {
            var path = Path.Combine(_dir, name + ".yml");
            File.WriteAllText(path, yaml);
            var ours = RuleFileReader.Read(path).Findings.Any(f => f.IsError);
            var theirs = Tools.Run(promtool, "check", "rules", path).ExitCode != 0;
            Assert.True(ours == theirs, $"{name}: promtool {(theirs ? "rejects" : "accepts")}, we {(ours ? "reject" : "accept")}");
        }
    }

    private static string Alert(string name, string expr, bool header = true) =>
        (header ? "groups:\n  - name: g\n    rules:\n" : "") + $"""
              - alert: {name}
                expr: {System.Text.Json.JsonSerializer.Serialize(expr)}
                for: 5m
                labels: {"{"} severity: critical {"}"}
                annotations: {"{"} summary: s, description: d, runbook_url: https://r {"}"}

        """;
}
