using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;
using Readiness.Core.Checks.AlertRouting;
using Readiness.Core.Tests.Checks.Metrics;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.AlertRouting;

public sealed class AlertRoutingTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();
    public void Dispose() => TempFolder.Delete(_dir);

    private static string Samples([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../../samples/diffver/infra/k8s"));

    /// <summary>Route trees exercising matchers, match/match_re, continue, inheritance and negative matchers.</summary>
    public static readonly string[] Configs =
    {
        """
        route:
          receiver: default
          routes:
            - matchers: ['severity="critical"']
              receiver: pager
              continue: true
            - match_re: {team: "a|b"}
              receiver: teamab
              routes:
                - match: {env: prod}
                - match: {env: dev}
                  receiver: dev
            - receiver: slack
        receivers: [{name: default}, {name: pager, pagerduty_configs: [{routing_key: x}]}, {name: teamab}, {name: slack}, {name: dev}]
        """,
        """
        route:
          receiver: root
          routes:
            - matchers: [service=~"api|web", 'severity!="info"']
              routes:
                - matchers: ['severity=~"critical|page"']
                  receiver: oncall
                - matchers: [env!=prod]
                  receiver: staging
                  continue: true
                - receiver: api-team
            - matchers: ['{team="db", severity="critical"}']
              receiver: dba-pager
            - match: {severity: critical}
              receiver: generic-pager
              continue: true
            - matchers: [alertname!~"Watchdog|InfoInhibitor"]
              receiver: catchall
        receivers: [{name: root}, {name: oncall, opsgenie_configs: [{api_key: k}]}, {name: staging}, {name: api-team}, {name: dba-pager, pagerduty_configs: [{service_key: s}]}, {name: generic-pager}, {name: catchall}]
        """,
        """
        route:
          receiver: only
        receivers: [{name: only}]
        """,
        """
        route:
          receiver: a
          routes:
            - receiver: b
              continue: true
            - receiver: c
              continue: true
            - matchers: [x=""]
              receiver: d
            - receiver: e
        receivers: [{name: a}, {name: b}, {name: c}, {name: d}, {name: e}]
        """,
    };

    public static readonly string[][] LabelSets =
    {
        new[] { "severity=critical", "team=a" },
        new[] { "team=b", "env=prod" },
        new[] { "team=b", "env=dev" },
        new[] { "team=c" },
        new[] { "alertname=Watchdog" },
        new[] { "service=api", "severity=critical", "env=prod" },
        new[] { "service=web", "severity=warning", "env=staging" },
        new[] { "service=web", "severity=info" },
        new[] { "team=db", "severity=critical" },
        new[] { "severity=critical" },
        new[] { "x=1" },
        new[] { "alertname=DiffverHighErrorRate", "severity=critical", "team=diffver" },
        new[] { "alertname=DiffverWebhookSignatureFailures", "severity=warning", "team=diffver" },
        new[] { "service=apix", "severity=page" },
    };

    [Fact]
    public void The_receivers_we_compute_equal_amtool_config_routes_test()
    {
        if (Tools.Find("amtool") is not { } amtool) return;
        var configs = Configs.Select((text, i) => (Name: $"config{i}", Text: text))
            .Append((Name: "sample", Text: File.ReadAllText(Path.Combine(Samples(), "alertmanager.yml")))).ToList();
        var cases = configs.SelectMany(c => LabelSets.Select(l => (Config: c, Labels: l))).ToList();
        var mismatches = new System.Collections.Concurrent.ConcurrentBag<string>();
        var files = configs.ToDictionary(c => c.Name, c =>
        {
            var path = Path.Combine(_dir, c.Name + ".yml");
            File.WriteAllText(path, c.Text);
            return path;
        });
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, c =>
        {
            var config = AlertmanagerConfig.Parse(c.Config.Text);
            var labels = c.Labels.Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            var ours = string.Join(",", config.ReceiversFor(labels));
            var psi = new System.Diagnostics.ProcessStartInfo(amtool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "config", "routes", "test", "--config.file=" + files[c.Config.Name] }.Concat(c.Labels)) psi.ArgumentList.Add(a);
            using var process = System.Diagnostics.Process.Start(psi)!;
            var theirs = process.StandardOutput.ReadToEnd().Trim();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (ours != theirs) mismatches.Add($"{c.Config.Name} {string.Join(" ", c.Labels)}: amtool '{theirs}', ours '{ours}'");
        });
        Assert.True(mismatches.IsEmpty, string.Join("\n", mismatches));
        Assert.Equal(configs.Count * LabelSets.Length, cases.Count);
    }

    [Fact]
    public async Task The_sample_routes_every_critical_diffver_alert_to_pagerduty()
    {
        var result = await CheckHarness.RunCheckAsync("alert-routing", new()
        {
            ["config"] = "alertmanager.yml",
            ["rules"] = "prometheus-rules.diffver.yaml",
        }, ObservabilityItem.Run with { BaseDirectory = Samples() });
        Assert.True(result.Status == CheckStatus.Passed, result.Message);
        Assert.Equal("5", result.Evidence["alerts"]);
        Assert.Contains("DiffverHighErrorRate -> diffver-oncall-pagerduty, team-diffver-slack", result.Evidence["routes"]);
    }

    [Fact]
    public async Task A_critical_alert_caught_by_an_earlier_slack_route_fails_naming_alert_and_receiver()
    {
        File.WriteAllText(Path.Combine(_dir, "am.yml"), """
            route:
              receiver: slack
              routes:
                - matchers: [team="diffver"]
                  receiver: slack
                - matchers: [severity="critical"]
                  receiver: pager
            receivers:
              - name: slack
                slack_configs: [{api_url: "http://127.0.0.1:1/x", channel: "#a"}]
              - name: pager
                pagerduty_configs: [{routing_key: abc}]
            """);
        var result = await CheckHarness.RunCheckAsync("alert-routing", new()
        {
            ["config"] = "am.yml",
            ["alerts"] = new List<object?>
            {
                new Dictionary<string, object?> { ["alertname"] = "DiffverHighErrorRate", ["severity"] = "critical", ["team"] = "diffver" },
                new Dictionary<string, object?> { ["alertname"] = "OtherCritical", ["severity"] = "critical" },
            },
        }, ObservabilityItem.Run with { BaseDirectory = _dir });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal("Alert DiffverHighErrorRate reaches only slack in am.yml, which does not page on-call.", result.Message);
        Assert.Contains("pager", result.Remediation);
    }

    [Fact]
    public async Task Alerts_from_a_broken_rule_file_fail_before_routing()
    {
        File.WriteAllText(Path.Combine(_dir, "am.yml"), File.ReadAllText(Path.Combine(Samples(), "alertmanager.yml")));
        File.WriteAllText(Path.Combine(_dir, "rules.yaml"), "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(up\n        labels: {severity: critical}\n");
        var result = await CheckHarness.RunCheckAsync("alert-routing", new() { ["config"] = "am.yml", ["rules"] = "rules.yaml" }, ObservabilityItem.Run with { BaseDirectory = _dir });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("rules.yaml:5: alert A has an invalid PromQL expression", result.Message);
    }

    [Fact]
    public async Task A_receiver_named_in_the_checklist_counts_as_paging()
    {
        File.WriteAllText(Path.Combine(_dir, "am.yml"), "route:\n  receiver: oncall-webhook\nreceivers:\n  - name: oncall-webhook\n    webhook_configs: [{url: 'http://127.0.0.1:1/'}]\n");
        var alerts = new List<object?> { new Dictionary<string, object?> { ["alertname"] = "X", ["severity"] = "critical" } };
        var without = await CheckHarness.RunCheckAsync("alert-routing", new() { ["config"] = "am.yml", ["alerts"] = alerts }, ObservabilityItem.Run with { BaseDirectory = _dir });
        var with = await CheckHarness.RunCheckAsync("alert-routing", new() { ["config"] = "am.yml", ["alerts"] = alerts, ["pagingReceivers"] = "oncall-webhook" }, ObservabilityItem.Run with { BaseDirectory = _dir });
        Assert.Equal(CheckStatus.Failed, without.Status);
        Assert.Equal(CheckStatus.Passed, with.Status);
    }

    [Fact]
    public async Task An_undefined_receiver_fails_with_its_line()
    {
        File.WriteAllText(Path.Combine(_dir, "am.yml"), "route:\n  receiver: a\n  routes:\n    - receiver: ghost\nreceivers:\n  - name: a\n");
        var result = await CheckHarness.RunCheckAsync("alert-routing", new() { ["config"] = "am.yml", ["alerts"] = new List<object?> { new Dictionary<string, object?> { ["a"] = "b" } } }, ObservabilityItem.Run with { BaseDirectory = _dir });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("line 4: route uses receiver ghost, which is not defined", result.Message);
        Assert.Equal(4, result.Line);
    }

    [Fact]
    public void Arbitrary_matcher_text_never_throws_anything_but_a_config_error()
    {
        FsCheck.Fluent.Prop.ForAll(FsCheck.Fluent.ArbMap.Default.ArbFor<string>(), text =>
        {
            try { AlertmanagerConfig.ParseMatchers(text ?? "", 1); }
            catch (AlertmanagerConfigException) { }
            try { AlertmanagerConfig.Parse("route:\n  receiver: a\n  routes:\n    - matchers: [" + System.Text.Json.JsonSerializer.Serialize(text ?? "") + "]\nreceivers: [{name: a}]\n"); }
            catch (AlertmanagerConfigException) { }
        }).Check(PropertyRuns.Fixed());
    }
}
