using Readiness.Core.Tests.Fixtures;
using Readiness.Core.Checks.TestResults;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Checks.TestResults;

public sealed class TestResultsCheckTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Checks", "Fixtures", "reports");

    private static Task<CheckResult> Run(params (string, object?)[] parameters)
    {
        var item = new ChecklistItem { Id = "tests", Section = "Testing", Title = "t", Check = new CheckSpec { Type = "test-results", Parameters = parameters.ToDictionary(p => p.Item1, p => p.Item2) } };
        return CheckHarness.RunItemAsync(item, new RunEnvironment(Fixtures), CancellationToken.None);
    }

    [Fact]
    public async Task Our_own_trx_run_passes()
    {
        var result = await Run(("path", "readiness-own.trx"));
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("0", result.Evidence["failed"]);
        Assert.True(int.Parse(result.Evidence["tests"]) >= 10);
    }

    [Fact]
    public async Task A_pytest_failure_is_named_and_unexpected_skips_are_listed()
    {
        var result = await Run(("path", "pytest-junit.xml"));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("1 failed and 0 errored of 6 tests: tests.test_webhook.test_replay_rejected", result.Message);
    }

    [Fact]
    public async Task Skips_must_be_expected_by_name_or_pattern()
    {
        var reader = TestReportReader.Read(Path.Combine(Fixtures, "pytest-junit.xml"));
        Assert.Equal(2, reader.Count(c => c.Outcome == TestOutcome.Skipped));

        var onlyOne = await Run(("path", "nunit3.xml"), ("expectedSkips", new List<object?> { "Nothing.*" }));
        Assert.Contains("RotatesSigningKey", onlyOne.Message);
        Assert.Equal("1", onlyOne.Evidence["errors"]);
    }

    [Fact]
    public async Task Expected_skips_pass_when_nothing_failed()
    {
        var dir = Fixtures.Replace("reports", "reports-green");
        Directory.CreateDirectory(dir);
        var text = File.ReadAllText(Path.Combine(Fixtures, "pytest-junit.xml"));
        var green = System.Text.RegularExpressions.Regex.Replace(text, "<failure.*?</failure>", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        File.WriteAllText(Path.Combine(dir, "green.xml"), green);
        var unexpected = await Run(("path", dir + "/*.xml"));
        Assert.Equal(CheckStatus.Failed, unexpected.Status);
        Assert.Contains("2 tests were skipped that the checklist does not expect", unexpected.Message);
        var expected = await Run(("path", dir + "/*.xml"), ("expectedSkips", new List<object?> { "tests.test_kms.*", "tests.test_storage.test_s3_backend" }));
        Assert.Equal(CheckStatus.Passed, expected.Status);
    }

    [Fact]
    public async Task No_report_and_a_broken_report_are_clear()
    {
        var none = await Run(("path", "missing/**/*.trx"));
        Assert.Equal(CheckStatus.Failed, none.Status);
        Assert.Contains("No test report matches", none.Message);
        var broken = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.xml");
        File.WriteAllText(broken, "<testsuites><testsuite>");
        var error = await Run(("path", broken));
        Assert.Equal(CheckStatus.Error, error.Status);
        Assert.Contains("not well-formed XML", error.Message);
        File.Delete(broken);
    }
}
