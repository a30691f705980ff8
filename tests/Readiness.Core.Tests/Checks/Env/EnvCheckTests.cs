using Readiness.Core.Tests.Fixtures;
using Readiness.Core.Checks.Env;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checks.Env;

public sealed class EnvCheckTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create();

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private async Task<CheckResult> Run(string dotenv, Dictionary<string, object?> parameters)
    {
        File.WriteAllText(Path.Combine(_dir, ".env"), dotenv);
        parameters["source"] = "dotenv";
        parameters["file"] = ".env";
        var item = new ChecklistItem { Id = "x", Section = "S", Title = "t", Check = new CheckSpec { Type = "env", Parameters = parameters } };
        var env = new RunEnvironment(_dir);
        return await CheckHarness.RunItemAsync(item, env, CancellationToken.None);
    }

    [Fact]
    public async Task A_placeholder_secret_fails_naming_the_variable_but_not_its_value()
    {
        var result = await Run("DIFFVER_GITHUB_WEBHOOK_SECRET=changeme-please\n",
            new() { ["name"] = "DIFFVER_GITHUB_WEBHOOK_SECRET", ["secret"] = true });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("DIFFVER_GITHUB_WEBHOOK_SECRET", result.Message);
        Assert.Contains("placeholder", result.Message);
        Assert.DoesNotContain("changeme-please", result.Message + string.Join(",", result.Evidence.Values) + result.Remediation);
    }

    [Fact]
    public async Task A_short_secret_fails_with_its_length_only()
    {
        var result = await Run("S=Xk29fjQ1\n", new() { ["name"] = "S", ["secret"] = true });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("too short: 8 characters", result.Message);
        Assert.DoesNotContain("Xk29fjQ1", result.Message + string.Join(",", result.Evidence.Values));
    }

    [Fact]
    public async Task A_strong_secret_passes()
    {
        var result = await Run("S=q8Zt3vLm0PxR7sWc2Ny5Hb9Kd4Fg6Jj1Aa0Ee\n", new() { ["name"] = "S", ["secret"] = true });
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("37", result.Evidence["length"]);
    }

    [Fact]
    public async Task A_value_out_of_range_fails_with_the_range()
    {
        var result = await Run("DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS=3600\n",
            new() { ["name"] = "DIFFVER_GITHUB_WEBHOOK_MAX_AGE_SECONDS", ["min"] = 1L, ["max"] = 900L });
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("outside the allowed range 1..900", result.Message);
    }

    [Fact]
    public async Task A_missing_variable_fails_and_an_unequal_one_says_both_values()
    {
        Assert.Equal(CheckStatus.Failed, (await Run("A=1\n", new() { ["name"] = "B" })).Status);
        var r = await Run("DIFFVER_ENV=staging\n", new() { ["name"] = "DIFFVER_ENV", ["equals"] = "production" });
        Assert.Equal("DIFFVER_ENV is 'staging' in .env, expected 'production'.", r.Message);
    }

    [Fact]
    public async Task A_pattern_checks_every_matching_variable()
    {
        var r = await Run("DIFFVER_API_RATE_LIMIT=100\nDIFFVER_LOGIN_RATE_LIMIT=abc\n",
            new() { ["pattern"] = "DIFFVER_*RATE_LIMIT*", ["min"] = 1L });
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Contains("DIFFVER_LOGIN_RATE_LIMIT", r.Message);
    }
}
