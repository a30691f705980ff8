using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Health;

/// <summary>
/// The checklist items for seed 001 sections 4.1-4.3 and the seed 000 metrics/alerts items, exactly as proposed for
/// the shipped checklists, loaded by the real loader and run against real servers and the bundled samples.
/// </summary>
public sealed class ObservabilityChecklistTests(PostgresServer pg, RedisServer redis) : IClassFixture<PostgresServer>, IClassFixture<RedisServer>, IDisposable
{
    private readonly string _dir = TempFolder.Create();
    public void Dispose() => TempFolder.Delete(_dir);

    private static string Samples([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../../samples/diffver"));

    public const string Items = """
        schemaVersion: 1
        name: observability-items
        items:
          - id: monitoring.metrics.exposed
            section: Monitoring
            title: Prometheus metrics exposed
            severity: high
            check:
              type: metrics
              url: ${api}/metrics
          - id: monitoring.metrics.auth-latency
            section: Monitoring
            title: "Key metrics tracked: Authentication latency"
            severity: medium
            check:
              type: metrics
              url: ${api}/metrics
              require:
                - { pattern: "auth.*(latency|duration)", type: histogram, description: authentication latency }
          - id: monitoring.metrics.success-failure
            section: Monitoring
            title: "Key metrics tracked: Success/failure rates"
            severity: medium
            check:
              type: metrics
              url: ${api}/metrics
              require:
                - { pattern: "auth_(attempts|requests)", type: counter, labels: { result: success }, description: authentication successes }
                - { pattern: "auth_(attempts|requests)", type: counter, labels: { result: failure }, description: authentication failures }
          - id: monitoring.metrics.active-sessions
            section: Monitoring
            title: "Key metrics tracked: Active sessions"
            severity: medium
            check: { type: metrics, url: "${api}/metrics", require: [{ pattern: active_sessions, type: gauge }] }
          - id: monitoring.metrics.token-issuance
            section: Monitoring
            title: "Key metrics tracked: Token issuance rate"
            severity: medium
            check: { type: metrics, url: "${api}/metrics", require: [{ pattern: "tokens?_issued", type: counter }] }
          - id: monitoring.metrics.db-pool
            section: Monitoring
            title: "Key metrics tracked: Database connection pool usage"
            severity: medium
            check: { type: metrics, url: "${api}/metrics", require: [{ pattern: "db_pool.*(in_use|active|usage)", type: gauge }] }
          - id: monitoring.alerts.configured
            section: Monitoring
            title: Alerts configured for high error rate, high latency, low success rate, pool exhaustion, disk space
            severity: high
            check:
              type: prometheus-rules
              files: ${rules}
              require:
                - { description: "High error rate (>1%)", metrics: [http_requests_total], op: ">", threshold: 0.01 }
                - { description: "High latency (>100ms p95)", metrics: [http_request_duration_seconds_bucket], op: ">", threshold: 0.1, quantile: 0.95 }
                - { description: "Low success rate (<99%)", metrics: [http_requests_total], op: "<", threshold: 0.99 }
                - { description: "Database connection pool exhaustion", metrics: ["/db_pool.*in_use/"], op: ">=", threshold: 0.9 }
                - { description: "Disk space low (<20%)", metrics: [node_filesystem_avail_bytes, node_filesystem_size_bytes], op: "<", threshold: 0.2 }
          - id: monitoring.alerts.routed
            section: Monitoring
            title: Alerts configured from infra/k8s/prometheus-rules.diffver.yaml and routed to on-call.
            severity: high
            check:
              type: alert-routing
              config: ${alertmanager}
              rules: ${rules}
              severities: [critical]
          - id: monitoring.health.endpoint
            section: Monitoring
            title: /health endpoint implemented
            severity: high
            check: { type: health, url: "${api}/health", dependencies: [database, redis] }
          - id: monitoring.health.database
            section: Monitoring
            title: Database connectivity check
            severity: high
            check:
              type: health
              postgres: "Host=127.0.0.1;Port=${pg_port};Username=readiness;Database=postgres"
              passwordEnv: AUTH_DB_PASSWORD
          - id: monitoring.health.redis
            section: Monitoring
            title: Redis connectivity check
            severity: high
            check: { type: health, redis: "127.0.0.1:${redis_port}", passwordEnv: AUTH_REDIS_PASSWORD, role: master }
        """;

    [Fact]
    public async Task Every_proposed_item_loads_and_passes_against_healthy_servers_and_the_samples()
    {
        var metrics = File.ReadAllText(Path.Combine(Samples(), "metrics.prom"));
        await using var app = await KestrelApp.StartAsync(ctx => ctx.Request.Path == "/metrics"
            ? KestrelApp.Text(ctx, 200, metrics, "application/openmetrics-text; version=1.0.0")
            : KestrelApp.Text(ctx, 200, """{"status":"Healthy","entries":{"database":{"status":"Healthy"},"redis":{"status":"Healthy"}}}""", "application/json"));
        var path = Path.Combine(_dir, "observability.yaml");
        File.WriteAllText(path, Items);
        var variables = new Dictionary<string, string>
        {
            ["api"] = $"http://127.0.0.1:{app.Port}",
            ["rules"] = Path.Combine(Samples(), "infra/k8s/prometheus-rules.diffver.yaml"),
            ["alertmanager"] = Path.Combine(Samples(), "infra/k8s/alertmanager.yml"),
            ["pg_port"] = pg.Port.ToString(),
            ["redis_port"] = redis.Port.ToString(),
        };
        var secrets = new Dictionary<string, string> { ["AUTH_DB_PASSWORD"] = pg.Password, ["AUTH_REDIS_PASSWORD"] = redis.Password };
        var report = await ReadinessSession.RunAsync(new RunRequest
        {
            ChecklistPath = path,
            Variables = variables,
            Options = new RunOptions { EnvironmentLookup = n => secrets.TryGetValue(n, out var v) ? v : null },
        }, NullHost.Instance, CancellationToken.None);
        var notPassed = report.Results.Where(r => r.Status != CheckStatus.Passed).Select(r => $"{r.Id}: {r.Status} {r.Message}").ToList();
        Assert.True(notPassed.Count == 0, string.Join("\n", notPassed));
        Assert.Equal(11, report.Results.Count);
        var everything = string.Join("\n", report.Results.Select(CheckHarness.EverythingShown));
        Assert.DoesNotContain(pg.Password, everything);
        Assert.DoesNotContain(redis.Password, everything);
    }
}
