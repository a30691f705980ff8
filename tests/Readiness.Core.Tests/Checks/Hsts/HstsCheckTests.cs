using Readiness.Core.Tests.Fixtures;
using static Readiness.Core.Tests.Checks.Tls.TlsTestServer;

namespace Readiness.Core.Tests.Checks.Hsts;

public sealed class HstsCheckTests : IDisposable
{
    private readonly string _dir = TempFolder.Create("readiness-hsts-");

    public void Dispose() => TempFolder.Delete(_dir);

    private async Task<(NginxServer, CheckResult)> Run(string header, Dictionary<string, object?>? extra = null)
    {
        var (nginx, _) = await StartAsync(_dir, ModernProtocols,
            location: header.Length == 0 ? "return 200 'ok';" : $"add_header Strict-Transport-Security \"{header}\" always; return 200 'ok';");
        var p = new Dictionary<string, object?> { ["url"] = Url(nginx), ["address"] = "127.0.0.1" };
        foreach (var (k, v) in extra ?? new()) p[k] = v;
        return (nginx, await RunAsync("hsts", p));
    }

    [Fact]
    public async Task A_short_max_age_fails_with_both_durations()
    {
        var (nginx, result) = await Run("max-age=3600; includeSubDomains");
        await using var _ = nginx;
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"HSTS max-age on {Url(nginx)} is 3600 s (1 hour), under the required 31536000 s (365 days).", result.Message);
        Assert.Equal("3600", result.Evidence["maxAge"]);
    }

    [Fact]
    public async Task A_missing_header_fails()
    {
        var (nginx, result) = await Run("");
        await using var _ = nginx;
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"{Url(nginx)} sends no Strict-Transport-Security header, so browsers will still try plain HTTP.", result.Message);
    }

    [Fact]
    public async Task A_year_with_subdomains_passes_and_preload_is_reported()
    {
        var (nginx, result) = await Run("max-age=31536000; includeSubDomains; preload");
        await using var _ = nginx;
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("True", result.Evidence["preload"]);
    }

    [Fact]
    public async Task Without_includesubdomains_it_warns_and_a_lower_configured_minimum_is_honoured()
    {
        var (nginx, result) = await Run("max-age=86400", new() { ["minMaxAge"] = "1d" });
        await using var _ = nginx;
        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("does not cover subdomains", result.Message);
    }

    [Fact]
    public async Task An_unparseable_header_fails_as_invalid()
    {
        var (nginx, result) = await Run("max-age=abc");
        await using var _ = nginx;
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("is invalid (max-age 'abc' is not a number of seconds)", result.Message);
    }
}
