using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Readiness.Core.Checks.Load;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Load;

public sealed class LoadCheckTests
{
    private const string NginxConfig = """
        server {
          listen 127.0.0.1:{PORT};
          root {ROOT};
          location = /broken { return 503; }
          location / { }
        }
        """;

    private static async Task<CheckResult> Run(Dictionary<string, object?> parameters, IReadinessHost? host = null)
    {
        return await CheckHarness.RunCheckAsync("load", parameters, new CheckRun { Id = "load.x", Section = "Load", Timeout = TimeSpan.FromSeconds(60), Host = host });
    }

    [Fact]
    public async Task A_static_nginx_page_under_closed_load_meets_its_thresholds()
    {
        await using var nginx = await NginxServer.StartAsync(NginxConfig);
        var progress = new RecordingHost();
        var result = await Run(new()
        {
            ["url"] = nginx.Url("/index.html"), ["connections"] = 4L, ["duration"] = "1s", ["warmup"] = "200ms",
            ["thresholds"] = new List<object?> { "p99<2s", "errors<1%", "rate>=50" },
        }, progress);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Contains("met p99<2s, errors<1%, rate>=50", result.Message);
        Assert.True(long.Parse(result.Evidence["status.200"]) > 50);
        Assert.Equal("0", result.Evidence["errors"]);
        Assert.Contains(progress.Details, d => d.Contains("req/s, p95"));
    }

    [Fact]
    public async Task Server_errors_break_the_error_threshold_and_are_counted_by_kind()
    {
        await using var nginx = await NginxServer.StartAsync(NginxConfig);
        var result = await Run(new() { ["url"] = nginx.Url("/broken"), ["connections"] = 2L, ["requests"] = 200L, ["thresholds"] = "errors<1%" });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("broke errors<1% (measured 100%)", result.Message);
        Assert.Equal("200", result.Evidence["errors.5xx"]);
        Assert.Equal("200", result.Evidence["status.503"]);
    }

    [Fact]
    public async Task A_port_with_nothing_listening_is_an_error_before_any_load_is_sent()
    {
        var port = FreePort.Next();
        var result = await Run(new() { ["url"] = $"http://127.0.0.1:{port}/", ["connections"] = 2L, ["duration"] = "30s" });
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("could not be reached", result.Message);
        Assert.Contains("no load was sent", result.Message);
        Assert.True(result.Duration < TimeSpan.FromSeconds(20), "it did not run the 30 s test against a closed port");
    }

    [Fact]
    public async Task A_target_that_goes_away_during_the_run_gives_connection_errors()
    {
        var nginx = await NginxServer.StartAsync(NginxConfig);
        var url = nginx.Url("/index.html");
        // A budget any connection error breaks: the share of errors depends on how many requests a fast machine got
        // through before the kill, and at 1% a quick run once passed with a few dozen refused connections.
        var run = Run(new() { ["url"] = url, ["connections"] = 2L, ["duration"] = "2s", ["thresholds"] = "errors<0.001%" });
        await Task.Delay(500);
        await nginx.DisposeAsync();
        var result = await run;
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.True(long.Parse(result.Evidence["errors.connection"]) > 0);
    }

    [Fact]
    public async Task A_target_that_accepts_but_never_answers_gives_timeouts_not_a_hang()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(100);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var result = await Run(new()
        {
            ["url"] = $"http://127.0.0.1:{port}/", ["connections"] = 2L, ["duration"] = "1s", ["timeout"] = "200ms", ["thresholds"] = "p95<50ms",
        });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.True(long.Parse(result.Evidence["errors.timeout"]) >= 2);
        Assert.Contains("p95<50ms (not measured)", result.Message);
    }

    [Fact]
    public async Task The_open_model_p99_shows_a_stall_that_a_one_connection_closed_model_hides()
    {
        // The server freezes for 1 s out of every 2 s: every request arriving in that window waits for its end.
        var clock = Stopwatch.StartNew();
        await using var app = await KestrelReceiver.StartAsync(a => a.MapGet("/", async () =>
        {
            var phase = clock.Elapsed.TotalMilliseconds % 2000;
            if (phase < 1000) await Task.Delay(TimeSpan.FromMilliseconds(1000 - phase));
            return "ok";
        }));

        var open = await LoadTest.RunAsync(new LoadTestRequest
        {
            Options = new LoadOptions { Url = new Uri(app.Url("/")), Model = LoadModel.Open, Rate = 200, Connections = 50, Duration = TimeSpan.FromSeconds(4) },
        }, NullHost.Instance, CancellationToken.None);
        var closed = await LoadTest.RunAsync(new LoadTestRequest
        {
            Options = new LoadOptions { Url = new Uri(app.Url("/")), Model = LoadModel.Closed, Connections = 1, Duration = TimeSpan.FromSeconds(4) },
        }, NullHost.Instance, CancellationToken.None);

        Assert.Equal(0, open.Errors);
        Assert.True(open.P99Ms >= 500, $"open-model p99 {open.P99Ms} ms should reflect the 1 s stalls");
        Assert.True(open.P90Ms >= 200, $"open-model p90 {open.P90Ms} ms should reflect requests queued behind the stalls");
        Assert.True(closed.MaxMs >= 500, $"the closed run met the stall too (max {closed.MaxMs} ms)");
        // One stalled request per stall hides among thousands of fast ones; compared with the open run, not a clock.
        Assert.True(closed.P99Ms < open.P99Ms / 4, $"closed-model p99 {closed.P99Ms} ms should hide the stall that gives the open model {open.P99Ms} ms");
    }

    [Fact]
    public async Task Stress_mode_reports_the_rate_at_which_the_latency_threshold_breaks()
    {
        // Each request holds one of 4 slots for 10 ms, so the service tops out near 400 req/s (less on a busy
        // machine, where timers fire late); 10 req/s is far below that, 1010 req/s far above.
        var gate = new SemaphoreSlim(4);
        await using var app = await KestrelReceiver.StartAsync(a => a.MapGet("/", async () =>
        {
            await gate.WaitAsync();
            try { await Task.Delay(10); } finally { gate.Release(); }
            return "ok";
        }));
        var result = await Run(new()
        {
            ["url"] = app.Url("/"), ["stress"] = true, ["stressStart"] = 10L, ["stressStep"] = 200L, ["stressMax"] = 1010L,
            ["stressStepDuration"] = "1s", ["warmup"] = "1s", ["connections"] = 64L, ["thresholds"] = new List<object?> { "p95<500ms" },
        });
        Assert.True(result.Status == CheckStatus.Passed, result.Message + " " + string.Join("; ", result.Evidence));
        Assert.Contains("holds its thresholds up to", result.Message);
        Assert.Contains("breaks at", result.Message);
        var breaking = double.Parse(result.Evidence["breakingRate"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(breaking, 210, 1010);
    }

    [Fact]
    public async Task The_memory_threshold_reads_the_target_process_resident_memory()
    {
        await using var nginx = await NginxServer.StartAsync(NginxConfig);
        var pidFile = Path.Combine(nginx.Prefix, "nginx.pid");
        for (var i = 0; i < 100 && (!File.Exists(pidFile) || File.ReadAllText(pidFile).Trim().Length == 0); i++) await Task.Delay(50);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        var tooSmall = await Run(new() { ["url"] = nginx.Url("/index.html"), ["requests"] = 100L, ["pid"] = (long)pid, ["thresholds"] = "memory<1KB" });
        Assert.Equal(CheckStatus.Failed, tooSmall.Status);
        Assert.True(tooSmall.Message.Contains("memory<1KB (measured"), tooSmall.Message + string.Join(";", tooSmall.Evidence));
        Assert.Equal($"pid {pid} VmRSS", tooSmall.Evidence["memorySource"]);
        var ample = await Run(new() { ["url"] = nginx.Url("/index.html"), ["requests"] = 100L, ["pid"] = (long)pid, ["thresholds"] = "memory<2GB" });
        Assert.Equal(CheckStatus.Passed, ample.Status);
    }

    [Fact]
    public async Task The_memory_threshold_can_read_a_prometheus_gauge_of_the_target()
    {
        await using var app = await KestrelReceiver.StartAsync(a =>
        {
            a.MapGet("/", () => "ok");
            a.MapGet("/metrics", () => "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 3.5e+08\n");
        });
        var result = await Run(new() { ["url"] = app.Url("/"), ["requests"] = 20L, ["metricsUrl"] = app.Url("/metrics"), ["thresholds"] = "memory<200MB" });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("memory<200MB (measured 333.8MB)", result.Message);
    }

    [Fact]
    public async Task The_ad_hoc_entry_point_returns_the_summary_and_the_verdict()
    {
        await using var nginx = await NginxServer.StartAsync(NginxConfig);
        var parameters = new Dictionary<string, object?>
        {
            ["url"] = nginx.Url("/index.html"), ["rate"] = 100d, ["requests"] = 50L, ["thresholds"] = new List<object?> { "errors<1%", "p99<5s" },
        };
        var request = LoadCheck.ReadRequest(new CheckParameters("load", parameters), LoadOptions.MaxDuration);
        var (summary, result, _) = await LoadSummaryHost.RunAsync(request, parameters, Path.GetTempPath(), NullHost.Instance, CancellationToken.None);
        Assert.NotNull(summary);
        Assert.Equal("open", summary.Model);
        Assert.Equal(50, summary.Requests);
        Assert.True(summary.Passed);
        Assert.Equal(2, summary!.Thresholds.Count);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("load", result.CheckType);
    }

    [Fact]
    public async Task Https_targets_are_loaded_over_TLS_and_an_untrusted_certificate_is_an_error()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var dir = TempFolder.Create("readiness-load-tls-");
        try
        {
            File.WriteAllText(Path.Combine(dir, "cert.pem"), cert.ExportCertificatePem());
            File.WriteAllText(Path.Combine(dir, "key.pem"), key.ExportPkcs8PrivateKeyPem());
            await using var nginx = await NginxServer.StartAsync($$"""
                server {
                  listen 127.0.0.1:{PORT} ssl;
                  ssl_certificate {{dir}}/cert.pem;
                  ssl_certificate_key {{dir}}/key.pem;
                  root {ROOT};
                }
                """);
            var url = nginx.Url("/index.html", scheme: "https");
            var trusted = await Run(new() { ["url"] = url, ["requests"] = 100L, ["connections"] = 2L, ["insecureTls"] = true });
            Assert.True(trusted.Status == CheckStatus.Passed, trusted.Message);
            Assert.Equal("100", trusted.Evidence["status.200"]);
            var untrusted = await Run(new() { ["url"] = url, ["duration"] = "300ms", ["connections"] = 1L });
            Assert.Equal(CheckStatus.Error, untrusted.Status);
            Assert.Contains("could not be reached", untrusted.Message);
        }
        finally { TempFolder.Delete(dir); }
    }

    [Fact]
    public async Task A_test_longer_than_the_check_timeout_is_refused_before_sending_anything()
    {
        var result = await CheckHarness.RunCheckAsync("load", new() { ["url"] = "http://127.0.0.1:9/", ["duration"] = "5m" }, new CheckRun { Id = "load.x", Section = "Load" });
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("raise settings.timeoutSeconds", result.Message);
    }

    [Fact]
    public async Task A_declined_confirmation_skips_the_load_test()
    {
        var result = await Run(new() { ["url"] = "http://127.0.0.1:9/", ["duration"] = "1s" }, new RecordingHost { Confirm = false });
        Assert.Equal(CheckStatus.Skipped, result.Status);
        Assert.Contains("Not run: the confirmation was declined", result.Message);
    }

    private sealed class RecordingHost : IReadinessHost
    {
        public bool Confirm { get; init; } = true;
        public List<string> Details { get; } = new();
        public void Progress(RunProgress progress) { lock (Details) Details.Add(progress.Detail ?? ""); }
        public void Log(LogLevel level, string message) { }
        public Confirmation ShouldProcess(ConfirmationRequest request) => Confirm ? Confirmation.Proceed : Confirmation.Declined();
    }
}
