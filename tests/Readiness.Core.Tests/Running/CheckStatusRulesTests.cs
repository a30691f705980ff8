using Readiness.Core.Running;

namespace Readiness.Core.Tests.Running;

public sealed class CheckStatusRulesTests
{
    private static CheckResult R(CheckStatus s, string id = "x") => new() { Id = id, Status = s };

    [Fact]
    public void Quiet_is_true_only_when_something_was_checked_and_nothing_failed_or_errored()
    {
        Assert.True(CheckStatusRules.Quiet(new[] { R(CheckStatus.Passed), R(CheckStatus.Warning), R(CheckStatus.Skipped) }));
        Assert.True(CheckStatusRules.Quiet(new[] { R(CheckStatus.Manual) }));
        Assert.False(CheckStatusRules.Quiet(new[] { R(CheckStatus.Passed), R(CheckStatus.Failed) }));
        Assert.False(CheckStatusRules.Quiet(new[] { R(CheckStatus.Error) }));
        Assert.False(CheckStatusRules.Quiet(Array.Empty<CheckResult>()));
    }

    [Fact]
    public void Quiet_is_false_when_an_item_was_not_run_because_nobody_confirmed_it()
    {
        var notRun = R(CheckStatus.Skipped).WithEvidence(NotConfirmed.EvidenceKey, "whatif");
        Assert.False(CheckStatusRules.Quiet(new[] { R(CheckStatus.Passed), notRun }));
    }

    [Fact]
    public void Every_status_has_exactly_one_place_in_the_order()
    {
        Assert.Equal(Enum.GetValues<CheckStatus>().OrderBy(s => s), CheckStatusRules.Order.OrderBy(s => s));
        Assert.Equal(CheckStatus.Failed, CheckStatusRules.Order[0]);
        Assert.Equal(CheckStatus.Skipped, CheckStatusRules.Order[^1]);
    }

    [Theory]
    [InlineData(CheckStatus.Failed, CheckStatus.Error)]
    [InlineData(CheckStatus.Error, CheckStatus.Warning)]
    [InlineData(CheckStatus.Warning, CheckStatus.Manual)]
    [InlineData(CheckStatus.Manual, CheckStatus.Passed)]
    [InlineData(CheckStatus.Passed, CheckStatus.Skipped)]
    public void Worse_statuses_outrank_better_ones(CheckStatus worse, CheckStatus better)
    {
        Assert.True(worse.IsWorseThan(better));
        Assert.False(better.IsWorseThan(worse));
        Assert.Equal(worse, CheckStatusRules.Worst(new[] { better, worse, better }));
    }

    [Fact]
    public void The_worst_result_is_the_first_of_the_worst_status_and_a_skipped_part_never_outweighs_a_checked_one()
    {
        var results = new[] { R(CheckStatus.Skipped, "a"), R(CheckStatus.Passed, "b"), R(CheckStatus.Failed, "c"), R(CheckStatus.Failed, "d") };
        Assert.Equal("c", results.Worst().Id);
        Assert.Equal("b", results.Take(2).Worst().Id);
        Assert.Equal(CheckStatus.Skipped, CheckStatusRules.Worst(Array.Empty<CheckStatus>()));
        Assert.Throws<InvalidOperationException>(() => Array.Empty<CheckResult>().Worst());
    }

    [Fact]
    public void Only_failed_and_error_are_problems()
    {
        Assert.Equal(new[] { CheckStatus.Failed, CheckStatus.Error },
            Enum.GetValues<CheckStatus>().Where(s => s.IsProblem()));
    }
}
