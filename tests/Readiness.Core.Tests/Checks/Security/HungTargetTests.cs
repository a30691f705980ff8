using static Readiness.Core.Tests.Checks.Tls.TlsTestServer;

namespace Readiness.Core.Tests.Checks.Security;

/// <summary>Every security check gives Error, naming the target, when the target accepts TCP and never answers.</summary>
public sealed class HungTargetTests
{
    [Theory]
    [InlineData("hsts", "https")]
    [InlineData("headers", "https")]
    [InlineData("http-redirect", "http")]
    public async Task A_target_that_accepts_and_never_answers_is_an_error_not_a_hang(string type, string scheme)
    {
        using var server = new SilentTcpServer();
        var url = $"{scheme}://127.0.0.1:{server.Port}/";
        var result = await RunAsync(type, new() { ["url"] = url, ["timeout"] = "1s" });
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Equal($"{url} did not answer within 1 s.", result.Message);
    }

    [Fact]
    public async Task The_whole_assessment_of_a_hung_target_is_no_go_with_errors_only()
    {
        using var server = new SilentTcpServer();
        var report = await SecurityRuns.RunAsync(new Readiness.Core.Checks.Security.SecurityTarget
        {
            Uri = new Uri($"https://127.0.0.1:{server.Port}/"), HttpUri = new Uri($"http://127.0.0.1:{server.Port}/"), Timeout = TimeSpan.FromSeconds(1),
        });
        Assert.All(report.Results, r => Assert.Equal(CheckStatus.Error, r.Status));
        Assert.Equal(Decision.NoGo, report.Decision);
    }
}
