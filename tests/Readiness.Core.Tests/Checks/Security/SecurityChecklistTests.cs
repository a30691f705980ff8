using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;
using static Readiness.Core.Tests.Checks.Tls.TlsTestServer;

namespace Readiness.Core.Tests.Checks.Security;

/// <summary>The four check types as a checklist author writes them in YAML, run against nginx.</summary>
public sealed class SecurityChecklistTests : IDisposable
{
    private readonly string _dir = TempFolder.Create("readiness-seclist-");

    public void Dispose() => TempFolder.Delete(_dir);

    [Fact]
    public async Task The_seed_tls_and_header_items_load_from_yaml_and_decide_against_a_real_server()
    {
        var certs = TestCertificates.Create(Path.Combine(_dir, "pki"));
        await using var nginx = await NginxServer.StartAsync($$"""
            server { listen 127.0.0.1:{PORT} ssl; {{certs.NginxDirectives}} {{Tls12Only}}
                     location / { add_header X-Frame-Options DENY always; add_header Strict-Transport-Security "max-age=600" always; return 200 'ok'; } }
            server { listen 127.0.0.1:{PORT2}; location / { return 301 https://$host:{PORT}$request_uri; } }
            """, portCount: 2);
        File.WriteAllText(Path.Combine(_dir, "checklist.yaml"), $$"""
            schemaVersion: 1
            name: tls-sample
            variables:
              publicUrl: {{Url(nginx)}}
              publicHttpUrl: {{Url(nginx, 1, "http")}}
            items:
              - id: tls.version-1-3
                section: "1.2 TLS/HTTPS"
                title: TLS 1.3 enabled
                severity: critical
                check: { type: tls, url: "${publicUrl}", address: 127.0.0.1, verify: [protocols], timeout: 5s }
              - id: tls.certificate-valid
                section: "1.2 TLS/HTTPS"
                title: Valid SSL certificate installed
                severity: critical
                check: { type: tls, url: "${publicUrl}", address: 127.0.0.1, verify: [chain, hostname, expiry, key], caCertificate: pki/ca.crt }
              - id: tls.http-redirect
                section: "1.2 TLS/HTTPS"
                title: HTTP redirects to HTTPS
                severity: high
                check: { type: http-redirect, url: "${publicHttpUrl}", httpsUrl: "${publicUrl}", address: 127.0.0.1 }
              - id: tls.hsts
                section: "1.2 TLS/HTTPS"
                title: HSTS header configured
                severity: high
                check: { type: hsts, url: "${publicUrl}", address: 127.0.0.1 }
              - id: headers.x-frame-options
                section: "1.3 Security Headers"
                title: "X-Frame-Options: DENY"
                severity: high
                check: { type: headers, url: "${publicUrl}", address: 127.0.0.1, verify: [frame-options] }
            """);
        var checklist = ReadinessSession.Load(Path.Combine(_dir, "checklist.yaml"));
        var report = await new ChecklistRunner().RunAsync(checklist);
        var status = report.Results.ToDictionary(r => r.Id, r => r.Status);
        Assert.Equal(CheckStatus.Failed, status["tls.version-1-3"]);
        Assert.Equal(CheckStatus.Passed, status["tls.certificate-valid"]);
        Assert.Equal(CheckStatus.Passed, status["tls.http-redirect"]);
        Assert.Equal(CheckStatus.Failed, status["tls.hsts"]);
        Assert.Equal(CheckStatus.Passed, status["headers.x-frame-options"]);
    }
}
