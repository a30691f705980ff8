using Readiness.Core.Reporting;
using Readiness.Core.Running;

namespace Readiness.Core.Tests.Reporting;

public sealed class ReportComparerTests
{
    private static CheckResult R(string id, CheckStatus s, params (string, string)[] evidence)
    {
        var r = new CheckResult { Id = id, Title = id, Status = s, Severity = Severity.High, Message = $"{id} is {s}" };
        foreach (var (k, v) in evidence) r.Evidence[k] = v;
        return r;
    }

    private static ReadinessReport Report(params CheckResult[] results) => ReportBuilder.Aggregate(results);

    [Fact]
    public void Regressions_fixes_added_removed_and_changed_figures_are_listed()
    {
        var old = Report(R("tls.expiry", CheckStatus.Passed, ("daysToExpiry", "45")), R("headers.csp", CheckStatus.Failed),
            R("load.p95", CheckStatus.Passed, ("p95Ms", "41.5")), R("gone", CheckStatus.Passed));
        var now = Report(R("tls.expiry", CheckStatus.Failed, ("daysToExpiry", "5")), R("headers.csp", CheckStatus.Passed),
            R("load.p95", CheckStatus.Passed, ("p95Ms", "47")), R("new.item", CheckStatus.Manual));

        var diff = ReportComparer.Compare(old, now);
        Assert.Equal("tls.expiry", Assert.Single(diff.Regressions).Id);
        Assert.Equal("headers.csp", Assert.Single(diff.Fixes).Id);
        Assert.Equal("new.item", Assert.Single(diff.Changes, c => c.Kind == ChangeKind.Added).Id);
        Assert.Equal("gone", Assert.Single(diff.Changes, c => c.Kind == ChangeKind.Removed).Id);
        var p95 = Assert.Single(diff.Changes, c => c.Kind == ChangeKind.EvidenceChanged && c.Key == "p95Ms");
        Assert.Equal(5.5, p95.Delta!.Value, 3);
        var expiry = Assert.Single(diff.Changes, c => c.Kind == ChangeKind.EvidenceChanged && c.Key == "daysToExpiry");
        Assert.Equal(-40, expiry.Delta);
        Assert.Equal(Decision.NoGo, diff.NewDecision);
    }

    [Fact]
    public void The_markdown_rendering_has_a_section_per_kind_and_escapes_cells()
    {
        var old = Report(R("a", CheckStatus.Passed));
        var now = Report(R("a", CheckStatus.Failed));
        now.Results[0].Message = "pipe | inside";
        var md = ReportComparer.ToMarkdown(ReportComparer.Compare(old, now));
        Assert.Contains("#### Regressions", md);
        Assert.Contains("| `a` | Passed | Failed |", md);
        Assert.Contains("pipe \\| inside", md);
        Assert.DoesNotContain("#### Fixes", md);
    }

    [Fact]
    public void Identical_runs_have_no_changes()
    {
        var r = Report(R("a", CheckStatus.Passed, ("x", "1")));
        Assert.Empty(ReportComparer.Compare(r, r).Changes);
        Assert.Contains("No changes", ReportComparer.ToMarkdown(ReportComparer.Compare(r, r)));
    }
}
