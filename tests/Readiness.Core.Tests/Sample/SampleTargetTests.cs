using System.Net;
using System.Net.Sockets;
using Readiness.Core.Running;
using Readiness.Sample;

namespace Readiness.Core.Tests.Sample;

public sealed class SampleTargetTests
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Health_is_degraded_until_the_target_is_switched_to_ready()
    {
        await using var target = SampleTarget.Start();
        Assert.StartsWith("http://127.0.0.1:", target.BaseUrl);
        using var flawed = await Client.GetAsync(target.BaseUrl + "/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, flawed.StatusCode);
        var body = await flawed.Content.ReadAsStringAsync();
        Assert.Contains("\"status\":\"degraded\"", body);
        Assert.Contains("{\"name\":\"redis\",\"status\":\"down\"", body);

        target.Ready = true;
        using var ready = await Client.GetAsync(target.BaseUrl + "/health");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("application/json", ready.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("down", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Security_headers_and_metric_families_appear_only_when_ready()
    {
        await using var target = SampleTarget.Start(ready: false);
        using (var home = await Client.GetAsync(target.BaseUrl + "/"))
        {
            Assert.True(home.Headers.Contains("X-Content-Type-Options"));
            Assert.False(home.Headers.Contains("X-Frame-Options"));
        }
        var metrics = await Client.GetStringAsync(target.BaseUrl + "/metrics");
        Assert.Contains("# TYPE diffver_http_requests_total counter", metrics);
        Assert.DoesNotContain("diffver_webhook_signature_failures_total", metrics);

        target.Ready = true;
        using (var home = await Client.GetAsync(target.BaseUrl + "/"))
        {
            Assert.Equal("DENY", home.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("frame-ancestors 'none'", home.Headers.GetValues("Content-Security-Policy").Single());
        }
        Assert.Contains("diffver_webhook_signature_failures_total 0", await Client.GetStringAsync(target.BaseUrl + "/metrics"));
    }

    private sealed class EchoEndpoint : ISampleEndpoint
    {
        public string Path => "/echo";
        public string Method => "POST";
        public SampleResponse Handle(SampleRequest request, bool ready) =>
            SampleResponse.Text($"{request.Method} {request.Path}{request.Query} {request.Headers["X-Test"]} {request.BodyText} ready={ready}");
    }

    [Fact]
    public async Task Endpoints_are_pluggable_and_unknown_paths_and_methods_are_refused()
    {
        await using var target = SampleTarget.Start(ready: true, endpoints: new ISampleEndpoint[] { new EchoEndpoint() });
        using var request = new HttpRequestMessage(HttpMethod.Post, target.BaseUrl + "/echo?x=1") { Content = new StringContent("hello") };
        request.Headers.Add("X-Test", "t1");
        using var echo = await Client.SendAsync(request);
        Assert.Equal("POST /echo?x=1 t1 hello ready=True", await echo.Content.ReadAsStringAsync());

        using var get = await Client.GetAsync(target.BaseUrl + "/echo");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal("POST", get.Content.Headers.Allow.Single());
        using var missing = await Client.GetAsync(target.BaseUrl + "/health");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public void The_default_endpoints_are_found_by_reflection()
    {
        var paths = SampleTarget.Discover().Select(e => $"{e.Method} {e.Path}").ToList();
        Assert.Contains("GET /health", paths);
        Assert.Contains("GET /metrics", paths);
        Assert.Contains("GET /", paths);
    }

    [Fact]
    public async Task After_dispose_nothing_listens_on_the_port()
    {
        var target = SampleTarget.Start();
        var port = target.Port;
        await target.DisposeAsync();
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port));
    }
}

public sealed class SampleDemoTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create();

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    [Fact]
    public async Task The_demo_points_api_and_repo_at_the_sample_and_shows_pass_fail_and_manual()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "checklists"));
        Directory.CreateDirectory(Path.Combine(_dir, "samples", "diffver"));
        File.WriteAllText(Path.Combine(_dir, "samples", "diffver", ".env"), "DIFFVER_AUTH_REQUIRED=1\n");
        var checklist = Path.Combine(_dir, "checklists", "demo.yaml");
        File.WriteAllText(checklist, """
            schemaVersion: 1
            name: demo
            items:
              - id: env.auth
                section: Security
                title: auth on
                severity: critical
                check: { type: env, source: dotenv, file: "${repo}/.env", name: DIFFVER_AUTH_REQUIRED, equals: "1" }
              - id: health
                section: Observability
                title: healthy
                severity: high
                check: { type: http, url: "${api}/health", jsonPath: $.status, jsonEquals: ok }
              - id: sign-off
                section: Go/No-Go
                title: signed
                severity: high
                manual: { approvers: [SRE] }
            """);

        var flawed = await SampleDemo.RunAsync(new DemoRequest { ChecklistPath = checklist }, NullHost.Instance, CancellationToken.None);
        Assert.Equal(new[] { CheckStatus.Passed, CheckStatus.Failed, CheckStatus.Manual }, flawed.Results.Select(r => r.Status));
        Assert.Equal(Decision.NoGo, flawed.Decision);
        Assert.StartsWith("http://127.0.0.1:", flawed.Target);

        var ready = await SampleDemo.RunAsync(new DemoRequest { ChecklistPath = checklist, Ready = true }, NullHost.Instance, CancellationToken.None);
        Assert.Equal(CheckStatus.Passed, ready.Results.Single(r => r.Id == "health").Status);
        // The ready demo stands for a signed-off release: manual items are attested in a temporary evidence file.
        Assert.Equal(CheckStatus.Attested, ready.Results.Single(r => r.Id == "sign-off").Status);
        Assert.Equal(Decision.Go, ready.Decision);
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "readiness-demo-*.jsonl").Where(f => File.GetCreationTimeUtc(f) > DateTime.UtcNow.AddMinutes(-1)));
    }

    [Fact]
    public async Task The_shipped_checklist_shows_a_pass_a_failure_and_a_manual_item_as_the_README_promises()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ReadinessModule.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        var report = await SampleDemo.RunAsync(new DemoRequest { ChecklistPath = Path.Combine(root, SampleDemo.DefaultChecklist) },
            NullHost.Instance, CancellationToken.None);
        Assert.Contains(report.Results, r => r.Status == CheckStatus.Passed);
        Assert.Contains(report.Results, r => r.Status == CheckStatus.Failed);
        Assert.Contains(report.Results, r => r.Status == CheckStatus.Manual);
    }

    [Fact]
    public async Task The_ready_demo_of_the_shipped_checklist_is_Go_with_the_webhook_probes_passing()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ReadinessModule.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        var env = Readiness.Core.Checks.Env.EnvironmentSources.ReadDotEnv(Path.Combine(root, "samples", "diffver", ".env.ready"));
        Assert.Equal(GitHubWebhookEndpoint.SampleSecret, env["DIFFVER_GITHUB_WEBHOOK_SECRET"].Value);

        var report = await SampleDemo.RunAsync(new DemoRequest { ChecklistPath = Path.Combine(root, SampleDemo.DefaultChecklist), Ready = true, Options = { Clock = Fixtures.FixedClock.SampleDay } },
            NullHost.Instance, CancellationToken.None);
        Assert.True(report.Decision == Decision.Go, string.Join("; ", report.Results.Where(r => r.Status is not (CheckStatus.Passed or CheckStatus.Attested)).Select(r => $"{r.Id}: {r.Message}")));
        Assert.Equal(CheckStatus.Passed, report.Results.Single(r => r.Id == "validation-snapshot.item-9-webhook-hardening").Status);
        Assert.Equal(CheckStatus.Passed, report.Results.Single(r => r.Id == "signing.artifact-verification-endpoint").Status);

        var flawed = await SampleDemo.RunAsync(new DemoRequest { ChecklistPath = Path.Combine(root, SampleDemo.DefaultChecklist), Options = { Clock = Fixtures.FixedClock.SampleDay } }, NullHost.Instance, CancellationToken.None);
        var artifact = flawed.Results.Single(r => r.Id == "signing.artifact-verification-endpoint");
        Assert.Equal(CheckStatus.Failed, artifact.Status);
        Assert.Contains("returned 200, expected 400 or 422", artifact.Message);
        Assert.DoesNotContain(report.Results, r => (r.Message + string.Join(" ", r.Evidence.Values)).Contains(GitHubWebhookEndpoint.SampleSecret));
    }
}
