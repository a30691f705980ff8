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
}
