using Readiness.Core.Checks.DependencyAudit;
using Readiness.Core.Running;
using Readiness.Core.Tests.Fixtures;

namespace Readiness.Core.Tests.Checks.DependencyAudit;

public sealed class DependencyAuditCheckTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Checks", "Fixtures", "audit");

    private static Task<CheckResult> Run(params (string, object?)[] parameters) => RunWithin(TimeSpan.FromSeconds(30), parameters);

    private static Task<CheckResult> RunWithin(TimeSpan timeout, params (string, object?)[] parameters)
    {
        var item = new ChecklistItem { Id = "audit", Section = "Security Testing", Title = "t", Check = new CheckSpec { Type = "dependency-audit", Parameters = parameters.ToDictionary(p => p.Item1, p => p.Item2) } };
        return CheckHarness.RunItemAsync(item, new RunEnvironment(Fixtures) { Timeout = timeout }, CancellationToken.None);
    }

    [Fact]
    public async Task A_critical_nuget_vulnerability_fails_the_seed_limits()
    {
        var result = await Run(("tool", "dotnet"), ("file", "dotnet-vulnerable.json"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("1 critical, 3 high", result.Message);
        Assert.Contains("critical 1 > 0", result.Message);
        Assert.Contains("System.Net.Http 4.3.0", result.Message);
        Assert.Equal("3", result.Evidence["high"]);
    }

    [Fact]
    public async Task Npm_and_cargo_outputs_are_counted_by_severity()
    {
        var npm = await Run(("tool", "npm"), ("file", "npm-audit.json"));
        Assert.Equal("2", npm.Evidence["critical"]);
        Assert.Equal("1", npm.Evidence["high"]);
        var cargo = await Run(("tool", "cargo"), ("file", "cargo-audit.json"));
        Assert.Equal(CheckStatus.Failed, cargo.Status);
        Assert.Equal("1", cargo.Evidence["critical"]);
        Assert.Equal("1", cargo.Evidence["moderate"]);
        var lenient = await Run(("tool", "cargo"), ("file", "cargo-audit.json"), ("maxCritical", 1L));
        Assert.Equal(CheckStatus.Passed, lenient.Status);
    }

    [Fact]
    public async Task An_unreachable_vulnerability_database_is_Error_not_Passed()
    {
        var result = await Run(("tool", "dotnet"), ("file", "dotnet-problem.json"));
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("Unable to load the service index", result.Message);
    }

    [Fact]
    public async Task A_tool_that_is_not_installed_is_Error_with_that_reason()
    {
        // Without Cargo.lock (or without cargo-audit installed) cargo produces no report, which must be Error.
        var empty = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}");
        Directory.CreateDirectory(empty);
        try
        {
            var result = await Run(("tool", "cargo"), ("project", empty));
            Assert.Equal(CheckStatus.Error, result.Status);
            Assert.Contains("cargo", result.Message);
        }
        finally { Directory.Delete(empty, true); }
    }

    [Fact]
    public async Task The_projects_own_nuget_audit_runs_for_real()
    {
        var core = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Readiness.Core/Readiness.Core.csproj"));
        // On a fresh clone the audit restores the project first, which can take minutes on a loaded machine.
        var result = await RunWithin(TimeSpan.FromMinutes(5), ("tool", "dotnet"), ("project", core));
        Assert.True(result.Status is CheckStatus.Passed or CheckStatus.Failed or CheckStatus.Error, result.Message);
        Assert.NotEqual(CheckStatus.Skipped, result.Status);
        Assert.Contains("dotnet", result.Message);
    }

    [Theory]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)]
    [InlineData("CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", 5.1)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1)]
    [InlineData("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:N", 0.0)]
    public void Cvss_base_scores_match_the_specification(string vector, double score) => Assert.Equal(score, Cvss.BaseScore(vector));

    [Fact]
    public void Arbitrary_audit_output_gives_only_a_parse_error()
    {
        FsCheck.Check.One(PropertyRuns.Fixed(), FsCheck.Fluent.Prop.ForAll<string>(text =>
        {
            foreach (var tool in new[] { "dotnet", "npm", "cargo" })
            {
                try { AuditReportReader.Read(tool, text ?? ""); }
                catch (InvalidDataException) { }
            }
            return true;
        }));
    }
}
