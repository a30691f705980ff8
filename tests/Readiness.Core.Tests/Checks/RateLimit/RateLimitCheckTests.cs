using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.RateLimit;

/// <summary>A real nginx with limit_req zones: 1 r/m (so a slow machine cannot refill the bucket mid-burst) with burst 4 (five requests pass a quick burst, the sixth is refused).</summary>
public sealed class RateLimitCheckTests
{
    private const string Zones = """
        limit_req_zone $binary_remote_addr zone=login:1m rate=1r/m;
        limit_req_zone $binary_remote_addr zone=bare:1m rate=1r/m;
        limit_req_zone $binary_remote_addr zone=tight:1m rate=1r/m;
        limit_req_zone $binary_remote_addr zone=bare2:1m rate=1r/m;
        """;

    private const string Server = """
        server {
          listen 127.0.0.1:{PORT};
          root {ROOT};
          location = /login { limit_req zone=login burst=4 nodelay; limit_req_status 429; add_header Retry-After 1 always; try_files /index.html =404; }
          location = /bare  { limit_req zone=bare burst=4 nodelay; limit_req_status 429; try_files /index.html =404; }
          location = /tight { limit_req zone=tight burst=1 nodelay; limit_req_status 429; add_header Retry-After 1 always; try_files /index.html =404; }
          location = /bare2 { limit_req zone=bare2 burst=4 nodelay; limit_req_status 429; try_files /index.html =404; }
          location = /search { try_files /index.html =404; }
        }
        """;

    private static Task<CheckResult> Run(Dictionary<string, object?> parameters) =>
        CheckHarness.RunCheckAsync("rate-limit", parameters, new CheckRun { Id = "security.rate-limit", Section = "Rate limiting" });

    [Fact]
    public async Task A_limited_endpoint_returns_429_right_after_its_limit_with_Retry_After()
    {
        await using var nginx = await NginxServer.StartAsync(Server, httpExtra: Zones);
        var result = await Run(new() { ["url"] = nginx.Url("/login"), ["limit"] = 5L, ["tolerance"] = 1L });
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Contains("returned 429 at request 6 (limit 5, tolerance 1) with Retry-After: 1", result.Message);
        Assert.Equal("200×5, 429×1", result.Evidence["statuses"]);
    }

    [Fact]
    public async Task An_endpoint_without_a_limit_is_reported_missing()
    {
        await using var nginx = await NginxServer.StartAsync(Server, httpExtra: Zones);
        var result = await Run(new() { ["url"] = nginx.Url("/search"), ["limit"] = 5L, ["tolerance"] = 2L });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("answered all 7 requests of a burst without 429; no rate limit is enforced at 5", result.Message);
        Assert.Contains("limit_req", result.Remediation);
    }

    [Fact]
    public async Task A_limit_stricter_than_configured_refuses_requests_under_the_limit()
    {
        await using var nginx = await NginxServer.StartAsync(Server, httpExtra: Zones);
        var result = await Run(new() { ["url"] = nginx.Url("/tight"), ["limit"] = 5L });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("refused request 3 with 429 although the limit allows 5", result.Message);
    }

    [Fact]
    public async Task A_429_without_retry_headers_is_a_warning_or_a_failure_when_required()
    {
        await using var nginx = await NginxServer.StartAsync(Server, httpExtra: Zones);
        var warned = await Run(new() { ["url"] = nginx.Url("/bare"), ["limit"] = 5L });
        Assert.Equal(CheckStatus.Warning, warned.Status);
        Assert.Contains("without Retry-After or RateLimit headers", warned.Message);
        var failed = await Run(new() { ["url"] = nginx.Url("/bare2"), ["limit"] = 5L, ["requireHeaders"] = true });
        Assert.Equal(CheckStatus.Failed, failed.Status);
    }

    [Fact]
    public async Task Per_endpoint_limits_name_the_endpoint_that_has_none()
    {
        await using var nginx = await NginxServer.StartAsync(Server, httpExtra: Zones);
        var result = await Run(new()
        {
            ["endpoints"] = new List<object?>
            {
                new Dictionary<string, object?> { ["name"] = "login", ["url"] = nginx.Url("/login"), ["limit"] = 5L, ["tolerance"] = 1L },
                new Dictionary<string, object?> { ["name"] = "search", ["url"] = nginx.Url("/search"), ["limit"] = 10L },
            },
        });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.StartsWith("1 of 2 endpoints enforce their rate limit properly;", result.Message);
        Assert.Contains("/search answered all", result.Message);
        Assert.StartsWith("Passed:", result.Evidence["login"]);
        Assert.StartsWith("Failed:", result.Evidence["search"]);
    }

    [Fact]
    public async Task The_ad_hoc_entry_point_takes_unset_parameters_as_defaults()
    {
        await using var nginx = await NginxServer.StartAsync(Server, httpExtra: Zones);
        var result = (await new AdHocRun("rate limit", Path.GetTempPath()) { Timeout = TimeSpan.FromSeconds(30) }
            .Add("rate-limit", "rate-limit", "Rate limit", Severity.High, new Dictionary<string, object?>
            {
                ["url"] = nginx.Url("/login"), ["limit"] = 5L, ["tolerance"] = null, ["method"] = "GET", ["body"] = null, ["status"] = null,
                ["requireHeaders"] = false, ["timeout"] = null, ["headers"] = null,
            }).RunAsync(CancellationToken.None)).Single();
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("rate-limit", result.CheckType);
        Assert.Equal("2", result.Evidence["tolerance"]);
    }

    [Fact]
    public async Task A_closed_port_is_an_error_not_a_missing_limit()
    {
        var result = await Run(new() { ["url"] = $"http://127.0.0.1:{FreePort.Next()}/login", ["limit"] = 5L });
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("could not be reached at request 1", result.Message);
    }

    [Fact]
    public async Task A_target_that_never_answers_is_named_once_in_the_message()
    {
        using var silent = new Readiness.Core.Tests.Checks.Security.SilentTcpServer();
        var url = $"http://127.0.0.1:{silent.Port}/login";
        var result = await Run(new() { ["url"] = url, ["method"] = "POST", ["limit"] = 5L, ["timeout"] = "1s" });
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(result.Message, System.Text.RegularExpressions.Regex.Escape(url)));
        Assert.Contains("did not answer within 1 s (at request 1).", result.Message);
    }
}
