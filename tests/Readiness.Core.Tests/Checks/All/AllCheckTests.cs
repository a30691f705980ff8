using Readiness.Core.Tests.Fixtures;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checks.All;

public sealed class AllCheckTests : IDisposable
{
    private readonly string _dir = Fixtures.TempFolder.Create();

    public void Dispose() => Fixtures.TempFolder.Delete(_dir);

    private async Task<CheckResult> Run(string dotenv, params Dictionary<string, object?>[] checks)
    {
        File.WriteAllText(Path.Combine(_dir, ".env"), dotenv);
        var item = new ChecklistItem
        {
            Id = "security.env-signer", Section = "Security", Title = "DIFFVER_ENV=production and non-deterministic signer mode configured.",
            Severity = Severity.Critical,
            Check = new CheckSpec { Type = "all", Parameters = new() { ["checks"] = checks.Cast<object?>().ToList() } },
        };
        return await CheckHarness.RunItemAsync(item, new RunEnvironment(_dir), CancellationToken.None);
    }

    private static Dictionary<string, object?> Env(string name, string key, object value) =>
        new() { ["type"] = "env", ["source"] = "dotenv", ["file"] = ".env", ["name"] = name, [key] = value };

    [Fact]
    public async Task Passes_only_when_every_condition_holds()
    {
        var result = await Run("DIFFVER_ENV=production\nDIFFVER_SIGNER_MODE=aws-kms\n",
            Env("DIFFVER_ENV", "equals", "production"), Env("DIFFVER_SIGNER_MODE", "oneOf", new List<object?> { "aws-kms", "kms" }));
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.StartsWith("All 2 conditions hold", result.Message);
        Assert.Equal("aws-kms", result.Evidence["check2.value"]);
    }

    [Fact]
    public async Task A_deterministic_signer_fails_the_item_and_names_the_variable()
    {
        var result = await Run("DIFFVER_ENV=production\nDIFFVER_SIGNER_MODE=deterministic\n",
            Env("DIFFVER_ENV", "equals", "production"), Env("DIFFVER_SIGNER_MODE", "oneOf", new List<object?> { "aws-kms", "kms" }));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal("DIFFVER_SIGNER_MODE is 'deterministic'; allowed: aws-kms, kms.", result.Message);
        Assert.Equal("all", result.CheckType);
        Assert.Equal(Severity.Critical, result.Severity);
    }

    [Fact]
    public async Task An_unknown_inner_type_is_an_Error_listing_the_allowed_types()
    {
        var result = await Run("X=1\n", new Dictionary<string, object?> { ["type"] = "nope" });
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("checks[0].type", result.Message);
        Assert.Contains("env", result.Message);
    }

    [Fact]
    public async Task An_unknown_inner_parameter_is_an_Error_naming_it()
    {
        var result = await Run("X=1\n", Env("X", "equal", "1"));
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("checks[0].equal", result.Message);
    }
}

public sealed class AllCheckLoadingTests
{
    private static Readiness.Core.Checklists.ChecklistException Load(string checks) =>
        Assert.Throws<Readiness.Core.Checklists.ChecklistException>(() => new Readiness.Core.Checklists.ChecklistLoader().LoadText($"""
            schemaVersion: 1
            name: t
            items:
              - id: security.env-signer
                section: Security
                title: DIFFVER_ENV=production and non-deterministic signer mode configured.
                severity: critical
                check:
                  type: all
            {checks}
            """, "t.yaml", new Readiness.Core.Checklists.VariableResolver(null, null, _ => null)));

    [Fact]
    public void An_unknown_inner_parameter_is_a_load_error_at_its_line()
    {
        var ex = Load("      checks:\n        - { type: env, name: DIFFVER_ENV, equal: production }");
        var error = Assert.Single(ex.Errors);
        Assert.Equal(11, error.Line);
        Assert.Contains("check type 'env' has no parameter 'equal'", error.Message);
    }

    [Fact]
    public void An_unknown_or_nested_all_type_is_a_load_error()
    {
        var ex = Load("      checks:\n        - type: nope\n        - type: all");
        Assert.Equal(new[] { 11, 12 }, ex.Errors.Select(e => e.Line));
        Assert.All(ex.Errors, e => Assert.Contains("inside 'all'", e.Message));
    }

    [Fact]
    public void An_empty_list_is_a_load_error()
    {
        var ex = Load("      checks: []");
        Assert.Contains("must be a non-empty list", Assert.Single(ex.Errors).Message);
    }
}
