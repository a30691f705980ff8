using Readiness.Core.Checks.Security;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.Security;

/// <summary>Test-ReadinessSecurity -Environment: seed 000's security variables decided next to the endpoint checks.</summary>
public sealed class SecurityConfigurationTests : IDisposable
{
    private readonly string _dir = TempFolder.Create();
    public void Dispose() => TempFolder.Delete(_dir);

    [Fact]
    public async Task Each_security_variable_of_an_env_file_gets_a_decision_and_the_secret_stays_hidden()
    {
        var env = Path.Combine(_dir, "prod.env");
        File.WriteAllText(env, "DIFFVER_AUTH_REQUIRED=1\nDIFFVER_ENV=staging\nDIFFVER_SIGNER_MODE=aws-kms\nDIFFVER_GITHUB_WEBHOOK_SECRET=changeme-please\n" +
                               "DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS=300\nDIFFVER_API_RATE_LIMIT_PER_MINUTE=600\n");
        var report = await SecurityRuns.RunAsync(new SecurityTarget { Uri = new Uri("https://127.0.0.1:1/"), Timeout = TimeSpan.FromSeconds(1) }, tlsOnly: true, [env]);
        var config = report.Results.Where(r => r.Section == SecurityCheck.SectionConfiguration).ToList();
        CheckStatus Status(string id) => config.Single(r => r.Id == id).Status;

        Assert.Equal(6, config.Count);
        Assert.Equal(CheckStatus.Passed, Status("config.auth-required"));
        Assert.Equal(CheckStatus.Failed, Status("config.production-mode"));
        Assert.Equal(CheckStatus.Passed, Status("config.signer-mode"));
        Assert.Equal(CheckStatus.Failed, Status("config.webhook-secret"));
        Assert.Equal(CheckStatus.Passed, Status("config.webhook-replay-window-setting"));
        Assert.Equal(CheckStatus.Passed, Status("config.rate-limits"));
        Assert.DoesNotContain(config, r => (r.Message + string.Join(" ", r.Evidence.Values)).Contains("changeme-please"));
    }

    [Fact]
    public async Task Several_sources_get_qualified_ids()
    {
        File.WriteAllText(Path.Combine(_dir, "a.env"), "DIFFVER_AUTH_REQUIRED=1\n");
        var report = await SecurityRuns.RunAsync(new SecurityTarget { Uri = new Uri("https://127.0.0.1:1/"), Timeout = TimeSpan.FromSeconds(1) }, tlsOnly: true, ["process", Path.Combine(_dir, "a.env")]);
        Assert.Contains(report.Results, r => r.Id == "config.auth-required.process");
        Assert.Contains(report.Results, r => r.Id == "config.auth-required.a.env");
    }
}
