using Readiness.Core.Running;

namespace Readiness.Core.Tests.Running;

public sealed class ResultVerdictTests
{
    private static CheckResult R(CheckStatus s) => new() { Id = "x", Status = s };

    [Fact]
    public void Quiet_is_true_only_when_something_was_checked_and_nothing_failed_or_errored()
    {
        Assert.True(ResultVerdict.Acceptable(new[] { R(CheckStatus.Passed), R(CheckStatus.Warning), R(CheckStatus.Skipped) }));
        Assert.False(ResultVerdict.Acceptable(new[] { R(CheckStatus.Passed), R(CheckStatus.Failed) }));
        Assert.False(ResultVerdict.Acceptable(new[] { R(CheckStatus.Error) }));
        Assert.False(ResultVerdict.Acceptable(Array.Empty<CheckResult>()));
    }

    [Fact]
    public void Quiet_is_false_when_an_item_was_not_run_because_nobody_confirmed_it()
    {
        var notRun = R(CheckStatus.Skipped).WithEvidence(NotConfirmed.EvidenceKey, "whatif");
        Assert.False(ResultVerdict.Acceptable(new[] { R(CheckStatus.Passed), notRun }));
    }
}
