using Readiness.Core.Checks.Metrics;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Metrics;

public sealed class PrometheusMetricsTests(PrometheusServer prometheus) : IClassFixture<PrometheusServer>
{
    // Prometheus 2.42 answers text 0.0.4 even when OpenMetrics is asked for; the OpenMetrics path is covered by the spec examples.
    [Theory]
    [InlineData("text/plain;version=0.0.4", MetricsFormat.PrometheusText)]
    [InlineData("text/plain;version=0.0.4", MetricsFormat.Auto)]
    public async Task The_metrics_of_a_real_prometheus_parse(string accept, MetricsFormat format)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, prometheus.MetricsUrl);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var body = await (await http.SendAsync(request)).Content.ReadAsStringAsync();
        var families = MetricsParser.ParseAll(body, format);
        var requests = families.Values.Single(f => f.Name.StartsWith("prometheus_http_request_duration_seconds", StringComparison.Ordinal));
        Assert.Equal(MetricType.Histogram, requests.Type);
        Assert.Contains(requests.Samples, s => s.Label("le") == "+Inf");
        Assert.Equal(MetricType.Gauge, families["go_goroutines"].Type);
        Assert.True(families.Count > 100, $"only {families.Count} families");
    }

    [Fact]
    public async Task The_check_passes_when_the_required_families_are_exposed_by_prometheus()
    {
        var result = await CheckHarness.RunCheckAsync("metrics", new()
        {
            ["url"] = prometheus.MetricsUrl,
            ["require"] = new List<object?>
            {
                new Dictionary<string, object?> { ["name"] = "process_cpu_seconds_total", ["type"] = "counter", ["nonZero"] = true },
                new Dictionary<string, object?> { ["pattern"] = "^prometheus_tsdb_compaction_chunk_range_seconds$", ["type"] = "histogram" },
                new Dictionary<string, object?> { ["name"] = "prometheus_build_info", ["labels"] = new Dictionary<string, object?> { ["version"] = "*" } },
                "go_goroutines",
            },
        }, ObservabilityItem.Run);
        Assert.True(result.Status == CheckStatus.Passed, result.Message);
        Assert.Contains("all 4 required", result.Message);
        Assert.Equal("text", result.Evidence["format"]);
    }

    [Fact]
    public async Task The_check_fails_naming_each_missing_or_mistyped_family()
    {
        var result = await CheckHarness.RunCheckAsync("metrics", new()
        {
            ["url"] = prometheus.MetricsUrl,
            ["require"] = new List<object?>
            {
                new Dictionary<string, object?> { ["pattern"] = "auth.*latency", ["type"] = "histogram", ["description"] = "authentication latency" },
                new Dictionary<string, object?> { ["name"] = "go_goroutines", ["type"] = "counter" },
            },
        }, ObservabilityItem.Run);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("authentication latency (/auth.*latency/) is not exposed", result.Message);
        Assert.Contains("go_goroutines is a gauge, expected a counter", result.Message);
    }
}

public sealed class AlertmanagerMetricsTests(AlertmanagerServer alertmanager) : IClassFixture<AlertmanagerServer>
{
    [Fact]
    public async Task The_metrics_of_a_real_alertmanager_parse()
    {
        using var http = new HttpClient();
        var body = await http.GetStringAsync(alertmanager.MetricsUrl);
        var families = MetricsParser.ParseAll(body, MetricsFormat.PrometheusText);
        Assert.Equal(MetricType.Counter, families["alertmanager_notifications_total"].Type);
        Assert.Contains(families["alertmanager_notifications_total"].Samples, s => s.Label("integration") == "pagerduty");
        Assert.Equal(MetricType.Histogram, families["alertmanager_notification_latency_seconds"].Type);
        Assert.Contains(families["alertmanager_notification_latency_seconds"].Samples, s => s.Name.EndsWith("_bucket") && s.Label("le") == "+Inf");
    }

    [Fact]
    public async Task A_counter_that_is_still_zero_fails_the_nonZero_requirement()
    {
        var result = await CheckHarness.RunCheckAsync("metrics", new()
        {
            ["url"] = alertmanager.MetricsUrl,
            ["require"] = new List<object?> { new Dictionary<string, object?> { ["name"] = "alertmanager_notifications_failed_total", ["nonZero"] = true } },
        }, ObservabilityItem.Run);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("alertmanager_notifications_failed_total is zero", result.Message);
    }
}

public sealed class MetricsCheckTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create();
    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    [Fact]
    public async Task A_malformed_metrics_file_fails_naming_the_line()
    {
        File.WriteAllText(Path.Combine(_dir, "m.txt"), "# TYPE a counter\na_total 1\na_total{x=\"1} 2\n");
        var result = await CheckHarness.RunCheckAsync("metrics", new() { ["file"] = "m.txt" }, ObservabilityItem.Run with { BaseDirectory = _dir });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("malformed at line 3", result.Message);
        Assert.Equal(3, result.Line);
    }

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_is_an_error_not_a_hang()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var result = await CheckHarness.RunCheckAsync("metrics", new() { ["url"] = $"http://127.0.0.1:{port}/metrics", ["timeout"] = "1s" }, ObservabilityItem.Run);
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("did not answer within 1 s", result.Message);
    }

    [Fact]
    public async Task A_bearer_token_from_the_environment_is_sent_and_never_shown()
    {
        const string token = "tok-8f2c9a71d3e4b5a6";
        await using var app = await Health.KestrelApp.StartAsync(ctx =>
            ctx.Request.Headers.Authorization == "Bearer " + token
                ? Health.KestrelApp.Text(ctx, 200, "up 1\n")
                : Health.KestrelApp.Text(ctx, 401, "no " + ctx.Request.Headers.Authorization));
        var ok = await CheckHarness.RunCheckAsync("metrics", new() { ["url"] = app.Url("/metrics"), ["bearerTokenEnv"] = "TOK", ["require"] = "up" }, ObservabilityItem.Run with { EnvironmentLookup = n => n == "TOK" ? token : null });
        Assert.Equal(CheckStatus.Passed, ok.Status);
        var denied = await CheckHarness.RunCheckAsync("metrics", new() { ["url"] = app.Url("/metrics") }, ObservabilityItem.Run);
        Assert.Equal(CheckStatus.Failed, denied.Status);
        Assert.Contains("HTTP 401", denied.Message);
        Assert.DoesNotContain(token, CheckHarness.EverythingShown(ok) + CheckHarness.EverythingShown(denied));
    }
}

public sealed class SampleMetricsTests
{
    private static string Sample([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../../samples/diffver/metrics.prom"));

    /// <summary>Seed 001 4.1 "Key metrics tracked", as a checklist would declare it.</summary>
    public static List<object?> Seed001Metrics() => new()
    {
        new Dictionary<string, object?> { ["pattern"] = "auth.*(latency|duration)", ["type"] = "histogram", ["description"] = "authentication latency" },
        new Dictionary<string, object?> { ["pattern"] = "auth_(attempts|requests)", ["type"] = "counter", ["labels"] = new Dictionary<string, object?> { ["result"] = "success" }, ["description"] = "authentication successes" },
        new Dictionary<string, object?> { ["pattern"] = "auth_(attempts|requests)", ["type"] = "counter", ["labels"] = new Dictionary<string, object?> { ["result"] = "failure" }, ["description"] = "authentication failures" },
        new Dictionary<string, object?> { ["pattern"] = "active_sessions", ["type"] = "gauge", ["description"] = "active sessions" },
        new Dictionary<string, object?> { ["pattern"] = "tokens?_issued", ["type"] = "counter", ["nonZero"] = true, ["description"] = "token issuance" },
        new Dictionary<string, object?> { ["pattern"] = "db_pool.*in_use", ["type"] = "gauge", ["description"] = "database connection pool usage" },
    };

    [Fact]
    public async Task The_sample_metrics_parse_as_OpenMetrics_and_meet_the_seed_001_requirements()
    {
        MetricsParser.ParseAll(File.ReadAllText(Sample()), MetricsFormat.OpenMetrics);
        var result = await CheckHarness.RunCheckAsync("metrics", new() { ["file"] = Sample(), ["require"] = Seed001Metrics() }, ObservabilityItem.Run);
        Assert.True(result.Status == CheckStatus.Passed, result.Message);
        Assert.Contains("all 6 required", result.Message);
    }

    [Fact]
    public async Task OpenMetrics_served_with_its_content_type_is_parsed_strictly()
    {
        var body = File.ReadAllText(Sample());
        await using var app = await Health.KestrelApp.StartAsync(ctx => ctx.Request.Path == "/good"
            ? Health.KestrelApp.Text(ctx, 200, body, "application/openmetrics-text; version=1.0.0; charset=utf-8")
            : Health.KestrelApp.Text(ctx, 200, body.Replace("# EOF\n", ""), "application/openmetrics-text; version=1.0.0; charset=utf-8"));
        var good = await CheckHarness.RunCheckAsync("metrics", new() { ["url"] = app.Url("/good") }, ObservabilityItem.Run);
        Assert.Equal(CheckStatus.Passed, good.Status);
        Assert.Equal("openmetrics", good.Evidence["format"]);
        var truncated = await CheckHarness.RunCheckAsync("metrics", new() { ["url"] = app.Url("/truncated") }, ObservabilityItem.Run);
        Assert.Equal(CheckStatus.Failed, truncated.Status);
        Assert.Contains("missing # EOF", truncated.Message);
    }
}

public sealed class ScrapedByPrometheusTests
{
    [Fact]
    public async Task A_service_is_scraped_when_prometheus_has_its_job_up_and_fails_when_the_target_is_down()
    {
        await using var service = await Health.KestrelApp.StartAsync(ctx => Health.KestrelApp.Text(ctx, 200, "# TYPE app_up gauge\napp_up 1\n"));
        var closed = Fixtures.FreePort.Next();
        await using var prometheus = await PrometheusServer.StartAsync($"""
            scrape_configs:
              - job_name: diffver
                static_configs: [{"{"} targets: ["127.0.0.1:{service.Port}"] {"}"}]
              - job_name: broken
                static_configs: [{"{"} targets: ["127.0.0.1:{closed}"] {"}"}]
            """);
        // Wait (outside the check) until Prometheus has scraped both targets once.
        using var http = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            var response = await http.GetAsync($"{prometheus.Url}/api/v1/query?query=count(up)");
            if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"2\"")) break;
            await Task.Delay(200);
        }

        var scraped = await CheckHarness.RunCheckAsync("metrics", new() { ["url"] = service.Url("/metrics"), ["prometheus"] = prometheus.Url, ["job"] = "diffver", ["require"] = "app_up" }, ObservabilityItem.Run);
        Assert.True(scraped.Status == CheckStatus.Passed, scraped.Message);
        Assert.Equal("1", scraped.Evidence["targetsUp"]);

        var broken = await CheckHarness.RunCheckAsync("metrics", new() { ["prometheus"] = prometheus.Url, ["job"] = "broken" }, ObservabilityItem.Run);
        Assert.Equal(CheckStatus.Failed, broken.Status);
        Assert.Contains($"fails to scrape 127.0.0.1:{closed}", broken.Message);

        var unknown = await CheckHarness.RunCheckAsync("metrics", new() { ["prometheus"] = prometheus.Url, ["job"] = "auth-service" }, ObservabilityItem.Run);
        Assert.Equal(CheckStatus.Failed, unknown.Status);
        Assert.Contains("has no scrape target matching up{job=\"auth-service\"}", unknown.Message);
    }
}
