using System.Text.RegularExpressions;
using Readiness.Core.Running;

namespace Readiness.Core.Checks.TestResults;

/// <summary>
/// Test reports show a green run: there are tests, none failed or errored, and every skipped test is one the
/// checklist expects to be skipped (by name or pattern with *).
/// </summary>
public sealed class TestResultsCheck : SingleResultCheck
{
    public override string Type => "test-results";
    public override IReadOnlyCollection<string> Parameters { get; } = new[] { "path", "expectedSkips", "minTests" };

    public override Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var patterns = p.GetStringList("path");
        if (patterns.Count == 0) throw p.Missing("path", "a report file or glob such as TestResults/**/*.trx");
        var files = patterns.SelectMany(g => FileGlob.Expand(context.BaseDirectoryOf(g), g)).Distinct().ToList();
        var target = string.Join(", ", patterns);
        if (files.Count == 0)
            return Task.FromResult(context.Fail($"No test report matches {target}.", target, "Publish the test run's JUnit, NUnit or TRX report where the checklist expects it."));

        var cases = files.SelectMany(TestReportReader.Read).ToList();
        var expected = p.GetStringList("expectedSkips");
        var failed = cases.Where(c => c.Outcome == TestOutcome.Failed).ToList();
        var errors = cases.Where(c => c.Outcome == TestOutcome.Error).ToList();
        var skipped = cases.Where(c => c.Outcome == TestOutcome.Skipped).ToList();
        var unexpected = skipped.Where(s => !expected.Any(e => Matches(e, s.Name))).ToList();
        var minTests = p.GetInt("minTests", 1);

        CheckResult result;
        if (cases.Count < minTests)
            result = context.Fail($"The reports hold {cases.Count} tests, at least {minTests} expected.", target, "Make sure the test step ran and wrote its report.");
        else if (failed.Count + errors.Count > 0)
            result = context.Fail($"{failed.Count} failed and {errors.Count} errored of {cases.Count} tests: {Names(failed.Concat(errors))}.", target, "Fix the failing tests before the release.");
        else if (unexpected.Count > 0)
            result = context.Fail($"{unexpected.Count} tests were skipped that the checklist does not expect: {Names(unexpected)}.", target,
                "Run them, or add them to expectedSkips with the reason in the checklist.");
        else
            result = context.Pass($"{cases.Count} tests, none failed; {skipped.Count} skipped as expected.", target);

        return Task.FromResult(result.WithEvidence("files", files.Count).WithEvidence("tests", cases.Count)
            .WithEvidence("passed", cases.Count(c => c.Outcome == TestOutcome.Passed)).WithEvidence("failed", failed.Count)
            .WithEvidence("errors", errors.Count).WithEvidence("skipped", skipped.Count).WithEvidence("unexpectedSkips", unexpected.Count));
    }

    private static bool Matches(string pattern, string name) =>
        Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.IgnoreCase);

    private static string Names(IEnumerable<TestCaseResult> cases)
    {
        var list = cases.Select(c => c.Name).ToList();
        return list.Count <= 5 ? string.Join(", ", list) : $"{string.Join(", ", list.Take(5))} and {list.Count - 5} more";
    }
}
