using Readiness.Core.Tests.Fixtures;
using static Readiness.Core.Tests.Checks.Tls.TlsTestServer;

namespace Readiness.Core.Tests.Checks.Redirect;

public sealed class HttpRedirectCheckTests
{
    private static async Task<(NginxServer, CheckResult)> Run(string location)
    {
        var nginx = await NginxServer.StartAsync($"server {{ listen 127.0.0.1:{{PORT}}; location / {{ {location} }} }}");
        var result = await RunAsync("http-redirect", new()
        {
            ["url"] = $"http://{Host}:{nginx.Port}/login?next=1", ["address"] = "127.0.0.1", ["httpsUrl"] = $"https://{Host}:8443/",
        });
        return (nginx, result);
    }

    [Fact]
    public async Task A_permanent_redirect_to_the_same_path_on_https_passes()
    {
        var (nginx, result) = await Run("return 301 https://$host:8443$request_uri;");
        await using var _ = nginx;
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal($"http://{Host}:{nginx.Port}/login?next=1 answers 301 with a redirect to https://{Host}:8443/login?next=1.", result.Message);
    }

    [Fact]
    public async Task An_http_port_that_serves_content_fails()
    {
        var (nginx, result) = await Run("return 200 'plain';");
        await using var _ = nginx;
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal($"http://{Host}:{nginx.Port}/login?next=1 answers 200 without redirecting to HTTPS.", result.Message);
    }

    [Fact]
    public async Task A_temporary_redirect_warns()
    {
        var (nginx, result) = await Run("return 302 https://$host:8443$request_uri;");
        await using var _ = nginx;
        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("with a temporary 302; use 301 or 308", result.Message);
    }

    [Fact]
    public async Task A_redirect_to_plain_http_elsewhere_fails()
    {
        var (nginx, result) = await Run("return 301 http://$host:8080/;");
        await using var _ = nginx;
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("which is not HTTPS", result.Message);
    }

    [Fact]
    public async Task Nothing_listening_on_http_warns()
    {
        var port = FreePort.Next();
        var result = await RunAsync("http-redirect", new() { ["url"] = $"http://127.0.0.1:{port}/", ["timeout"] = "2s" });
        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.StartsWith($"Nothing answers plain HTTP at 127.0.0.1:{port}", result.Message);
    }
}
