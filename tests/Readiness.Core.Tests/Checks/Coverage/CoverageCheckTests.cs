using Readiness.Core.Tests.Fixtures;
using Readiness.Core.Checks.Coverage;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checks.Coverage;

public sealed class CoverageCheckTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Checks", "Fixtures", "reports");

    private static Task<CheckResult> Run(params (string, object?)[] parameters)
    {
        return CheckHarness.RunCheckAsync("coverage", parameters.ToDictionary(p => p.Item1, p => p.Item2), new CheckRun { Id = "cov", Section = "Testing", BaseDirectory = Fixtures });
    }

    [Theory]
    [InlineData("coverlet.cobertura.xml")]
    [InlineData("coverlet.lcov.info")]
    [InlineData("coverlet.opencover.xml")]
    public void The_three_formats_of_one_real_coverlet_run_agree(string file)
    {
        var summary = CoverageReader.Read(Path.Combine(Fixtures, file));
        var reference = CoverageReader.Read(Path.Combine(Fixtures, "coverlet.cobertura.xml"));
        Assert.True(summary.LinesTotal > 20);
        Assert.Equal(reference.LineRate!.Value, summary.LineRate!.Value, 2);
    }

    [Fact]
    public async Task Coverage_above_80_percent_passes_and_below_a_higher_bar_fails_naming_the_rate()
    {
        var rate = CoverageReader.Read(Path.Combine(Fixtures, "coverlet.cobertura.xml")).LineRate!.Value;
        Assert.True(rate > 0.8);
        var pass = await Run(("path", "coverlet.cobertura.xml"), ("minLine", 80L));
        Assert.Equal(CheckStatus.Passed, pass.Status);
        var fail = await Run(("path", "coverlet.lcov.info"), ("minLine", 99L));
        Assert.Equal(CheckStatus.Failed, fail.Status);
        Assert.Contains("below the required 99%", fail.Message);
        Assert.Contains("lowest packages", fail.Message);
    }

    [Fact]
    public async Task A_branch_threshold_applies_where_branches_are_reported()
    {
        var result = await Run(("path", "coverlet.opencover.xml"), ("minLine", 0.5), ("minBranch", 99L));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("Branch coverage", result.Message);
    }
}
