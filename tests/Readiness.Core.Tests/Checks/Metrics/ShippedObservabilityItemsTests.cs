using Readiness.Core.Tests.Fixtures;
using Readiness.Core.Running;
using Readiness.Core.Tests.Checklists;

namespace Readiness.Core.Tests.Checks.Metrics;

/// <summary>The shipped checklists' metrics, alerting and health items, run against the bundled samples.</summary>
public sealed class ShippedObservabilityItemsTests(Fixtures.PostgresServer pg, Fixtures.RedisServer redis)
    : IClassFixture<Fixtures.PostgresServer>, IClassFixture<Fixtures.RedisServer>
{
    [Fact]
    public async Task The_auth_service_connectivity_items_pass_against_real_PostgreSQL_and_Redis_and_fail_on_a_wrong_password()
    {
        var variables = new Dictionary<string, string>
        {
            ["dbHost"] = "127.0.0.1", ["dbPort"] = pg.Port.ToString(), ["dbUser"] = pg.User, ["dbName"] = "postgres",
            ["redis"] = $"127.0.0.1:{redis.Port}",
        };
        async Task<ReadinessReport> RunWith(string dbPassword, string redisPassword)
        {
            string? Env(string n) => n == "AUTH_DB_PASSWORD" ? dbPassword : n == "AUTH_REDIS_PASSWORD" ? redisPassword : null;
            var checklist = ReadinessSession.Load(RepoFiles.Checklist("auth-service.yaml"), variables, environment: Env);
            return await new ChecklistRunner().RunAsync(checklist, new RunOptions
            {
                EnvironmentLookup = Env, Ids = new() { "health.database-connectivity", "health.redis-connectivity" },
            });
        }
        var good = await RunWith(pg.Password, redis.Password);
        Assert.All(good.Results, r => Assert.True(r.Status == CheckStatus.Passed, $"{r.Id}: {r.Status} {r.Message}"));
        var bad = await RunWith("wrong-db-pw-1234", "wrong-redis-pw-1234");
        Assert.All(bad.Results, r => Assert.Equal(CheckStatus.Failed, r.Status));
        Assert.All(bad.Results, r => Assert.Contains("authentication failed", r.Message));
        var text = string.Join("\n", good.Results.Concat(bad.Results).Select(CheckHarness.EverythingShown));
        Assert.DoesNotContain(pg.Password, text);
        Assert.DoesNotContain(redis.Password, text);
        Assert.DoesNotContain("wrong-db-pw-1234", text);
    }

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
