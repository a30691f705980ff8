using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Readiness.Core.Checklists;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Load;

/// <summary>The YAML form of the load and rate-limit items, as in the shipped checklists, loads and runs.</summary>
public sealed class LoadChecklistTests
{
    [Fact]
    public async Task A_checklist_with_load_and_rate_limit_items_runs_them_against_nginx()
    {
        await using var nginx = await NginxServer.StartAsync("""
            server {
              listen 127.0.0.1:{PORT};
              root {ROOT};
              location = /login { limit_req zone=login burst=4 nodelay; limit_req_status 429; add_header Retry-After 1 always; try_files /index.html =404; }
              location / { }
            }
            """, httpExtra: "limit_req_zone $binary_remote_addr zone=login:1m rate=1r/m;");
        var yaml = $$"""
            schemaVersion: 1
            name: load-sample
            variables:
              api: http://127.0.0.1:{{nginx.Port}}
            settings:
              timeoutSeconds: 60
            items:
              - id: load-testing.latency-p95
                section: "2.1 Load Testing"
                title: "Latency targets met (<50ms p95)"
                severity: high
                check:
                  type: load
                  url: ${api}/index.html
                  rate: 200
                  connections: 8
                  warmup: 1s
                  duration: 2s
                  thresholds: [ "p(99.9)<10s", "errors<1%", "rate>=100" ]
              - id: rate-limiting.per-endpoint
                section: "1.4 Rate Limiting"
                title: Rate limits configured per endpoint
                severity: high
                check:
                  type: rate-limit
                  endpoints:
                    - { name: login, url: "${api}/login", limit: 5, tolerance: 1 }
                    - { name: home, url: "${api}/index.html", limit: 5 }
            """;
        var checklist = new ChecklistLoader().LoadText(yaml, "load-sample.yaml");
        var report = await new ChecklistRunner().RunAsync(checklist, new RunOptions { BaseDirectory = Path.GetTempPath() });
        var load = report.Results.Single(r => r.Id == "load-testing.latency-p95");
        var limits = report.Results.Single(r => r.Id == "rate-limiting.per-endpoint");
        Assert.True(load.Status == CheckStatus.Passed, load.Message);
        Assert.Equal(CheckStatus.Failed, limits.Status);
        Assert.Contains("/index.html answered all 7 requests", limits.Message);
    }

    [Fact]
    public async Task Items_that_differ_only_in_thresholds_load_the_target_once()
    {
        var served = 0;
        await using var app = await KestrelReceiver.StartAsync(a => a.MapGet("/", () => { Interlocked.Increment(ref served); return "ok"; }));
        var yaml = $$"""
            schemaVersion: 1
            name: shared
            items:
              - id: load.throughput
                section: Load
                title: throughput
                severity: high
                check: { type: load, url: "{{app.Url("/")}}", connections: 4, requests: 300, thresholds: [ "errors<1%" ] }
              - id: load.latency
                section: Load
                title: latency
                severity: high
                check: { type: load, url: "{{app.Url("/")}}", connections: 4, requests: 300, thresholds: [ "p95<1us" ] }
            """;
        var report = await new ChecklistRunner().RunAsync(new ChecklistLoader().LoadText(yaml, "shared.yaml"), new RunOptions { Parallel = 2, BaseDirectory = Path.GetTempPath() });
        Assert.Equal(300, served);
        Assert.Equal(CheckStatus.Passed, report.Results[0].Status);
        Assert.Equal(CheckStatus.Failed, report.Results[1].Status);
        Assert.Equal(report.Results[0].Evidence["p95Ms"], report.Results[1].Evidence["p95Ms"]);
        Assert.Single(report.Results, r => r.Evidence.ContainsKey("sharedRun"));
    }

    [Fact]
    public void An_unknown_load_parameter_is_refused_when_the_checklist_loads()
    {
        var yaml = """
            schemaVersion: 1
            name: bad
            items:
              - id: x
                section: s
                title: t
                check: { type: load, url: "http://127.0.0.1:1/", rps: 100 }
            """;
        var ex = Assert.Throws<ChecklistException>(() => new ChecklistLoader().LoadText(yaml, "bad.yaml"));
        Assert.Contains("rps", ex.Message);
    }
}
