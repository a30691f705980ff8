using System.Globalization;
using Readiness.Core.Checks.PrometheusRules;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.AlertRouting;

/// <summary>
/// Every required alert, routed through the Alertmanager route tree the way Alertmanager does, reaches a receiver
/// that pages someone: one with pagerduty or opsgenie integrations, or one the checklist names as on-call.
/// Alerts come from explicit label sets and/or from rule files (by default their critical alerts).
/// </summary>
public sealed class AlertRoutingCheck : SingleResultCheck
{
    public override string Type => "alert-routing";

    public override IReadOnlyCollection<string> Parameters { get; } = new[] { "config", "alerts", "rules", "severities", "pagingReceivers", "pagingIntegrations" };

    public override Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var configPath = context.ResolvePath(p.RequireString("config"));
        var target = Path.GetFileName(configPath);
        if (!File.Exists(configPath)) return Task.FromResult(context.Error($"The Alertmanager configuration {configPath} does not exist.", configPath));
        AlertmanagerConfig config;
        try { config = AlertmanagerConfig.Load(configPath); }
        catch (AlertmanagerConfigException ex)
        {
            return Task.FromResult(context.Fail($"{target} is invalid at {ex.Message}.", target,
                "Fix the configuration; `amtool check-config FILE` validates it.").At(configPath, ex.Line));
        }

        var alerts = new List<Dictionary<string, string>>();
        foreach (var map in p.GetMapList("alerts"))
            alerts.Add(map.ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal));
        var severities = p.Has("severities") ? p.GetStringList("severities") : new[] { "critical" };
        foreach (var rulesFile in p.GetStringList("rules"))
        {
            var path = context.ResolvePath(rulesFile);
            if (!File.Exists(path)) return Task.FromResult(context.Error($"The rule file {path} does not exist.", path));
            var rules = RuleFileReader.Read(path);
            // Routing a file Prometheus would reject proves nothing: its errors decide first.
            if (rules.Findings.FirstOrDefault(f => f.IsError) is { } error)
                return Task.FromResult(context.Fail($"The rule file has errors, so its alerts never fire: {error}.", Path.GetFileName(path),
                    "Fix the rule file; the prometheus-rules check lists every problem.").At(path, error.Line));
            foreach (var alert in rules.Alerts)
            {
                if (!alert.Labels.TryGetValue("severity", out var severity) || !severities.Contains(severity, StringComparer.OrdinalIgnoreCase)) continue;
                var labels = new Dictionary<string, string>(alert.Labels, StringComparer.Ordinal) { ["alertname"] = alert.Name };
                alerts.Add(labels);
            }
        }
        if (alerts.Count == 0)
            return Task.FromResult(context.Fail($"No alerts to route: give 'alerts' label sets or 'rules' files with {string.Join("/", severities)} alerts.", target));

        var pagingNames = p.GetStringList("pagingReceivers");
        var pagingIntegrations = p.Has("pagingIntegrations") ? p.GetStringList("pagingIntegrations") : new[] { "pagerduty", "opsgenie" };
        bool Pages(string receiver) =>
            pagingNames.Contains(receiver, StringComparer.Ordinal)
            || (config.Receivers.TryGetValue(receiver, out var r) && r.Integrations.Any(i => pagingIntegrations.Contains(i, StringComparer.OrdinalIgnoreCase)));

        var routes = new List<string>();
        var unpaged = new List<string>();
        foreach (var labels in alerts)
        {
            var receivers = config.ReceiversFor(labels);
            var name = labels.TryGetValue("alertname", out var n) ? n : string.Join(",", labels.Select(kv => $"{kv.Key}={kv.Value}"));
            routes.Add($"{name} -> {string.Join(", ", receivers)}");
            if (!receivers.Any(Pages)) unpaged.Add($"{name} reaches only {string.Join(", ", receivers)}");
        }

        var paging = config.Receivers.Values.Where(r => Pages(r.Name)).Select(r => r.Name).ToList();
        CheckResult result;
        if (unpaged.Count > 0)
            result = context.Fail(unpaged.Count == 1
                    ? $"Alert {unpaged[0]} in {target}, which does not page on-call."
                    : $"{unpaged.Count} of {alerts.Count} alerts do not reach an on-call receiver in {target}: {string.Join("; ", unpaged)}.", target,
                paging.Count == 0
                    ? "Add a receiver with pagerduty_configs or opsgenie_configs and route critical alerts to it."
                    : $"Add a route (matchers: severity=\"critical\") to {paging[0]} before the catch-all routes, or set continue: true.");
        else
            result = context.Pass($"All {alerts.Count} alerts reach an on-call receiver in {target}.", target);
        return Task.FromResult(result.WithEvidence("alerts", alerts.Count).WithEvidence("pagingReceivers", string.Join(", ", paging))
            .WithEvidence("routes", string.Join("; ", routes)));
    }
}
