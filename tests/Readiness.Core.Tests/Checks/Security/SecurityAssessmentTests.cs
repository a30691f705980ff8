using Readiness.Core.Checks.Security;
using Readiness.Core.Tests.Fixtures;
using static Readiness.Core.Tests.Checks.Tls.TlsTestServer;

namespace Readiness.Core.Tests.Checks.Security;

/// <summary>The assessment behind Test-ReadinessSecurity and `readiness security`: one result per decision.</summary>
public sealed class SecurityAssessmentTests : IDisposable
{
    private readonly string _dir = TempFolder.Create("readiness-assess-");

    public void Dispose() => TempFolder.Delete(_dir);

    private const string Hardened = """
        add_header Content-Security-Policy "default-src 'self'; object-src 'none'; frame-ancestors 'none'" always;
        add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
        add_header X-Content-Type-Options nosniff always;
        add_header X-Frame-Options DENY always;
        add_header Referrer-Policy strict-origin-when-cross-origin always;
        add_header Permissions-Policy "geolocation=()" always;
        """;

    private async Task<(NginxServer Nginx, TestCertificates Certs)> Start(string protocols, string headers, string httpLocation)
    {
        var certs = TestCertificates.Create(_dir);
        var nginx = await NginxServer.StartAsync($$"""
            server { listen 127.0.0.1:{PORT} ssl; {{certs.NginxDirectives}} {{protocols}} location / { {{headers}} return 200 'ok'; } }
            server { listen 127.0.0.1:{PORT2}; location / { {{httpLocation}} } }
            """, portCount: 2);
        return (nginx, certs);
    }

    [Fact]
    public async Task A_hardened_endpoint_gets_one_passing_result_per_decision_and_go()
    {
        var (nginx, certs) = await Start(ModernProtocols, Hardened, "return 301 https://$host:{PORT}$request_uri;");
        await using var _ = nginx;
        var report = await SecurityRuns.RunAsync(new SecurityTarget
        {
            Uri = new Uri(Url(nginx)), HttpUri = new Uri(Url(nginx, 1, "http")), Address = "127.0.0.1", CaCertificate = certs.CaFile,
        });
        Assert.Equal(16, report.Results.Count);
        Assert.All(report.Results, r => Assert.True(r.Status == CheckStatus.Passed, $"{r.Id}: {r.Status} {r.Message}"));
        Assert.Equal(Decision.Go, report.Decision);
        // 100 + 5 (CSP without unsafe sources) + 5 (frame-ancestors) + 5 (private referrer policy); bonuses count at 90 or more.
        Assert.Equal("115", report.Results.Single(r => r.Id == "headers.score").Evidence["score"]);
        Assert.Equal("A+", report.Results.Single(r => r.Id == "headers.score").Evidence["grade"]);
    }

    [Fact]
    public async Task A_legacy_endpoint_without_redirect_or_headers_is_no_go_with_each_problem_named()
    {
        var (nginx, _) = await Start(LegacyProtocols, "", "return 200 'plain';");
        await using var _n = nginx;
        var report = await SecurityRuns.RunAsync(new SecurityTarget
        {
            Uri = new Uri(Url(nginx)), HttpUri = new Uri(Url(nginx, 1, "http")), Address = "127.0.0.1",
        });
        var byId = report.Results.ToDictionary(r => r.Id);
        Assert.Equal(Decision.NoGo, report.Decision);
        Assert.Equal(CheckStatus.Failed, byId["tls.protocols"].Status);
        Assert.Equal(CheckStatus.Failed, byId["tls.certificate-chain"].Status);
        Assert.Equal(CheckStatus.Passed, byId["tls.certificate-hostname"].Status);
        Assert.Equal(CheckStatus.Failed, byId["http.redirect-to-https"].Status);
        Assert.Equal(CheckStatus.Failed, byId["http.hsts"].Status);
        Assert.Equal(CheckStatus.Failed, byId["headers.csp"].Status);
        Assert.StartsWith("-20 redirection-missing", byId["headers.score"].Evidence["observatory.redirection"]);
    }

    [Fact]
    public async Task The_tls_only_assessment_has_just_the_tls_decisions()
    {
        var report = await SecurityRuns.RunAsync(new SecurityTarget { Uri = new Uri($"https://127.0.0.1:{FreePort.Next()}/"), Timeout = TimeSpan.FromSeconds(2) }, tlsOnly: true);
        Assert.Equal(new[] { "tls.protocols", "tls.certificate-chain", "tls.certificate-hostname", "tls.certificate-expiry", "tls.certificate-key", "tls.certificate-renewal" },
            report.Results.Select(r => r.Id));
        Assert.Throws<ArgumentException>(() => SecurityCheck.AddItems(new Readiness.Core.Running.AdHocRun("security", _dir), new SecurityTarget { Uri = new Uri("http://app.readiness.test/") }, false, []));
    }
}
