using Readiness.Core.Running;
using Readiness.Core.Tests.Checklists;

namespace Readiness.Core.Tests.Checks.Metrics;

/// <summary>The shipped checklists' metrics, alerting and health items, run against the bundled samples.</summary>
public sealed class ShippedObservabilityItemsTests
{
    private static async Task<ReadinessReport> Run(string checklist) =>
        await new ChecklistRunner().RunAsync(ReadinessSession.Load(RepoFiles.Checklist(checklist), environment: _ => null),
            new RunOptions { EnvironmentLookup = _ => null });

    [Theory]
    [InlineData("diffver.yaml", "validation-snapshot.item-10-metrics-alerts,reliability.metrics-scraped,reliability.alerts-routed")]
    [InlineData("auth-service.yaml", "metrics.prometheus-exposed,metrics.key-metrics-tracked,metrics.key-metrics.authentication-latency,"
        + "metrics.key-metrics.success-failure-rates,metrics.key-metrics.active-sessions,metrics.key-metrics.token-issuance-rate,"
        + "metrics.key-metrics.db-pool-usage,alerting.alerts-configured,alerting.high-error-rate,alerting.high-latency,"
        + "alerting.low-success-rate,alerting.db-pool-exhaustion,alerting.disk-space-low,health.endpoint")]
    public async Task The_automated_observability_items_pass_against_the_samples(string checklist, string ids)
    {
        var report = await Run(checklist);
        foreach (var id in ids.Split(','))
        {
            var result = report.Results.Single(r => r.Id == id);
            Assert.True(result.Status == CheckStatus.Passed, $"{id}: {result.Status} {result.Message}");
            Assert.NotEqual("manual", result.CheckType);
        }
    }

    [Fact]
    public async Task The_auth_service_alerting_item_names_every_matched_alert()
    {
        var report = await Run("auth-service.yaml");
        var latency = report.Results.Single(r => r.Id == "alerting.high-latency");
        Assert.Contains("-> AuthHighLatencyP95", latency.Evidence["matched"]);
    }
}
