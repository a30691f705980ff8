using Readiness.Core.Tests.Fixtures;
using static Readiness.Core.Tests.Checks.Tls.TlsTestServer;

namespace Readiness.Core.Tests.Checks.Headers;

/// <summary>The headers check against nginx serving HTTPS with the headers each test sets.</summary>
public sealed class SecurityHeaderTests : IDisposable
{
    private readonly string _dir = TempFolder.Create("readiness-headers-");

    public void Dispose() => TempFolder.Delete(_dir);

    /// <summary>HTTPS on {PORT} with the given add_header lines; plain HTTP on {PORT2} redirecting to it.</summary>
    private async Task<NginxServer> Start(string headers)
    {
        var certs = TestCertificates.Create(_dir);
        return await NginxServer.StartAsync($$"""
            server { listen 127.0.0.1:{PORT} ssl; {{certs.NginxDirectives}} {{ModernProtocols}}
                     location / { {{headers}} return 200 'ok'; } }
            server { listen 127.0.0.1:{PORT2}; location / { return 301 https://$host:{PORT}$request_uri; } }
            """, portCount: 2);
    }

    private static Dictionary<string, object?> Params(NginxServer nginx, params string[] verify) => new()
    {
        ["url"] = Url(nginx), ["address"] = "127.0.0.1", ["httpUrl"] = Url(nginx, 1, "http"), ["verify"] = List(verify),
    };

    private const string StrongHeaders = """
        add_header Content-Security-Policy "default-src 'none'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'" always;
        add_header Strict-Transport-Security "max-age=63072000; includeSubDomains; preload" always;
        add_header X-Content-Type-Options nosniff always;
        add_header X-Frame-Options DENY always;
        add_header Referrer-Policy no-referrer always;
        add_header Permissions-Policy "camera=(), microphone=()" always;
        add_header Cross-Origin-Resource-Policy same-origin always;
        add_header Set-Cookie "sid=s3cr3t-session-value; Path=/; Secure; HttpOnly; SameSite=Strict" always;
        """;

    [Fact]
    public async Task A_server_without_security_headers_fails_each_header_and_scores_D()
    {
        await using var nginx = await Start("");
        var csp = await RunAsync("headers", Params(nginx, "csp"));
        Assert.Equal(CheckStatus.Failed, csp.Status);
        Assert.Equal($"{Url(nginx)} sends no Content-Security-Policy, so nothing limits injected scripts.", csp.Message);
        Assert.Equal(CheckStatus.Failed, (await RunAsync("headers", Params(nginx, "frame-options"))).Status);
        var nosniff = await RunAsync("headers", Params(nginx, "content-type-options"));
        Assert.Equal(CheckStatus.Failed, nosniff.Status);
        Assert.Contains("sends no X-Content-Type-Options: nosniff", nosniff.Message);
        var score = await RunAsync("headers", Params(nginx, "score"));
        Assert.Equal(CheckStatus.Failed, score.Status);
        // 100 - 25 (no CSP) - 20 (no HSTS) - 5 (no nosniff) - 20 (no framing protection) = 30.
        Assert.StartsWith($"{Url(nginx)} scores 30 (D) on the MDN HTTP Observatory scale, under the minimum B", score.Message);
        Assert.Equal("-25 csp-not-implemented: No Content-Security-Policy header.", score.Evidence["observatory.content-security-policy"]);
        Assert.StartsWith("0 redirection-to-https", score.Evidence["observatory.redirection"]);
    }

    [Fact]
    public async Task A_weak_csp_fails_naming_what_defeats_it()
    {
        await using var nginx = await Start("""add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' https:" always;""");
        var result = await RunAsync("headers", Params(nginx, "csp"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"The Content-Security-Policy of {Url(nginx)} does not stop script injection: 'unsafe-inline' in script-src; 'unsafe-eval' in script-src; 'https:' source in script-src.", result.Message);
        var score = await RunAsync("headers", Params(nginx, "score"));
        Assert.StartsWith("-20 csp-implemented-with-unsafe-inline", score.Evidence["observatory.content-security-policy"]);
    }

    [Fact]
    public async Task A_csp_without_object_src_or_default_src_is_defeated()
    {
        await using var nginx = await Start("""add_header Content-Security-Policy "script-src 'self'" always;""");
        var result = await RunAsync("headers", Params(nginx, "csp"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("no object-src or default-src", result.Message);
    }

    [Fact]
    public async Task A_well_configured_server_passes_every_header_and_scores_A_plus()
    {
        await using var nginx = await Start(StrongHeaders);
        var result = await RunAsync("headers", Params(nginx));
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("A+", result.Evidence["grade"]);
        // 100 + 10 (CSP default-src 'none') + 5 (cookies) + 5 (referrer) + 5 (frame-ancestors) + 10 (CORP) = 135.
        Assert.Equal("135", result.Evidence["score"]);
        Assert.DoesNotContain("s3cr3t-session-value", string.Join(" ", result.Evidence.Values) + result.Message);
    }

    [Fact]
    public async Task X_xss_protection_is_judged_by_the_chosen_policy()
    {
        await using var nginx = await Start("""add_header X-XSS-Protection "1; mode=block" always; add_header Content-Security-Policy "default-src 'self'" always;""");
        var modern = await RunAsync("headers", Params(nginx, "xss-protection"));
        Assert.Equal(CheckStatus.Warning, modern.Status);
        Assert.Contains("enables the deprecated XSS filter (X-XSS-Protection: 1; mode=block)", modern.Message);
        var p = Params(nginx, "xss-protection");
        p["xssProtection"] = "enabled";
        Assert.Equal(CheckStatus.Passed, (await RunAsync("headers", p)).Status);
    }

    [Fact]
    public async Task The_modern_xss_policy_passes_an_absent_header_with_a_csp_blocking_inline_script_and_the_seed_policy_fails_it()
    {
        await using var nginx = await Start("""add_header Content-Security-Policy "default-src 'self'" always;""");
        Assert.Equal(CheckStatus.Passed, (await RunAsync("headers", Params(nginx, "xss-protection"))).Status);
        var p = Params(nginx, "xss-protection");
        p["xssProtection"] = "enabled";
        var seed = await RunAsync("headers", p);
        Assert.Equal(CheckStatus.Failed, seed.Status);
        Assert.Contains("does not enable X-XSS-Protection", seed.Message);
    }

    [Fact]
    public async Task A_session_cookie_without_httponly_fails_without_showing_its_value()
    {
        await using var nginx = await Start("""add_header Set-Cookie "session_id=abcdef123456; Path=/; Secure" always;""");
        var result = await RunAsync("headers", Params(nginx, "cookies"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"Cookies of {Url(nginx)} are exposed: session_id lacks HttpOnly, SameSite=Lax or Strict.", result.Message);
        Assert.DoesNotContain("abcdef123456", string.Join(" ", result.Evidence.Values));
        var score = await RunAsync("headers", Params(nginx, "score"));
        Assert.StartsWith("-30 cookies-session-without-httponly-flag", score.Evidence["observatory.cookies"]);
    }

    [Fact]
    public async Task Framing_with_sameorigin_warns_and_an_unsafe_referrer_policy_fails()
    {
        await using var nginx = await Start("add_header X-Frame-Options SAMEORIGIN always; add_header Referrer-Policy unsafe-url always;");
        var frame = await RunAsync("headers", Params(nginx, "frame-options"));
        Assert.Equal(CheckStatus.Warning, frame.Status);
        var referrer = await RunAsync("headers", Params(nginx, "referrer-policy"));
        Assert.Equal(CheckStatus.Failed, referrer.Status);
        Assert.Equal($"Referrer-Policy unsafe-url on {Url(nginx)} sends full URLs to other sites.", referrer.Message);
    }

    [Fact]
    public async Task A_cors_policy_that_reflects_any_origin_with_credentials_costs_50_points()
    {
        await using var nginx = await Start("add_header Access-Control-Allow-Origin $http_origin always; add_header Access-Control-Allow-Credentials true always;");
        var score = await RunAsync("headers", Params(nginx, "score"));
        Assert.StartsWith("-50 cross-origin-resource-sharing-implemented-with-universal-access", score.Evidence["observatory.cross-origin-resource-sharing"]);
        Assert.Equal("0", score.Evidence["score"]);
        Assert.Equal("F", score.Evidence["grade"]);
    }
}
