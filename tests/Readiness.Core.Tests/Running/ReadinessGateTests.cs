using Readiness.Core.Running;

namespace Readiness.Core.Tests.Running;

public sealed class ReadinessGateTests
{
    private static CheckResult R(string id, CheckStatus status, Severity severity) =>
        new() { Id = id, Status = status, Severity = severity, Timestamp = DateTimeOffset.UnixEpoch };

    [Fact]
    public void Piped_results_aggregate_into_a_report_with_the_checklist_decision_rule()
    {
        var aggregator = new ResultAggregator();
        aggregator.Add(R("tls.protocols", CheckStatus.Passed, Severity.High));
        aggregator.AddRange(new[] { R("headers.hsts", CheckStatus.Failed, Severity.High), null });
        var report = aggregator.Build();
        Assert.Equal(2, report.Results.Count);
        Assert.Equal(Decision.NoGo, report.Decision);
        Assert.Equal("ad-hoc", report.ChecklistName);
        Assert.Equal(1, report.Count(CheckStatus.Failed));
    }

    [Fact]
    public void Aggregating_nothing_fails_closed() =>
        Assert.Equal(Decision.NoGo, new ResultAggregator().Build().Decision);

    [Fact]
    public void A_NoGo_report_fails_the_gate_naming_the_blocking_items()
    {
        var report = ReportBuilder.Aggregate(new[]
        {
            R("security.auth-required", CheckStatus.Failed, Severity.Critical),
            R("backup.fresh", CheckStatus.Passed, Severity.High),
            R("go-no-go.sign-off", CheckStatus.Manual, Severity.High),
        });
        var outcome = ReadinessGate.Evaluate(report);
        Assert.False(outcome.Passed);
        Assert.Contains("security.auth-required (Failed, Critical)", outcome.Message);
        Assert.Contains("go-no-go.sign-off (Manual, High)", outcome.Message);
        Assert.DoesNotContain("backup.fresh", outcome.Message);
    }

    [Fact]
    public void Conditional_fails_by_default_and_passes_when_only_NoGo_fails()
    {
        var report = ReportBuilder.Aggregate(new[] { R("a", CheckStatus.Passed, Severity.High), R("signoff", CheckStatus.Manual, Severity.High) });
        Assert.Equal(Decision.Conditional, report.Decision);
        Assert.False(ReadinessGate.Evaluate(report).Passed);
        Assert.True(ReadinessGate.Evaluate(report, Decision.NoGo).Passed);
    }

    [Fact]
    public void A_Go_report_passes_and_a_Go_threshold_is_refused()
    {
        var report = ReportBuilder.Aggregate(new[] { R("a", CheckStatus.Passed, Severity.High) });
        Assert.True(ReadinessGate.Evaluate(report).Passed);
        Assert.Throws<ArgumentException>(() => ReadinessGate.Evaluate(report, Decision.Go));
    }

    [Fact]
    public void The_gate_message_names_at_most_ten_items_besides_the_NoGo_blockers()
    {
        var report = ReportBuilder.Aggregate(Enumerable.Range(1, 14).Select(i => R($"item.{i}", CheckStatus.Manual, Severity.Medium)).ToList());
        var outcome = ReadinessGate.Evaluate(report);
        Assert.Contains("item.10 ", outcome.Message);
        Assert.DoesNotContain("item.11 ", outcome.Message);
        Assert.Contains("and 4 more", outcome.Message);
        Assert.Equal(14, outcome.Blocking.Count);
    }

    [Fact]
    public void Every_NoGo_blocker_is_named_first_even_behind_many_manual_items()
    {
        var results = Enumerable.Range(1, 12).Select(i => R($"manual.{i}", CheckStatus.Manual, Severity.Medium))
            .Append(R("signing.verify", CheckStatus.Failed, Severity.High))
            .Append(R("webhook.secret", CheckStatus.Failed, Severity.Critical))
            .Append(R("backup.restore", CheckStatus.Error, Severity.High))
            .Append(R("docs.freshness", CheckStatus.Failed, Severity.Medium))
            .ToList();
        var outcome = ReadinessGate.Evaluate(ReportBuilder.Aggregate(results));

        Assert.Equal(new[] { "webhook.secret", "signing.verify", "backup.restore", "docs.freshness" }, outcome.Blocking.Take(4).Select(r => r.Id));
        Assert.StartsWith("Readiness gate failed: ad-hoc is NoGo; resolve webhook.secret (Failed, Critical); signing.verify (Failed, High); backup.restore (Error, High); docs.freshness",
            outcome.Message);
        Assert.Contains("and 6 more", outcome.Message);

        var many = ReportBuilder.Aggregate(Enumerable.Range(1, 14).Select(i => R($"blocker.{i}", CheckStatus.Failed, Severity.High)).ToList());
        Assert.Contains("blocker.14 ", ReadinessGate.Evaluate(many).Message);
    }
}
