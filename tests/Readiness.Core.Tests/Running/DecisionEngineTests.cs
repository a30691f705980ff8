using Readiness.Core.Running;

namespace Readiness.Core.Tests.Running;

public sealed class DecisionEngineTests
{
    private static CheckResult R(string id, CheckStatus status, Severity severity) => new() { Id = id, Status = status, Severity = severity };

    [Fact]
    public void A_high_severity_failure_is_NoGo_and_the_reason_names_it()
    {
        var (decision, reason) = DecisionEngine.Decide(new[] { R("a", CheckStatus.Passed, Severity.Critical), R("tls.version", CheckStatus.Failed, Severity.High) });
        Assert.Equal(Decision.NoGo, decision);
        Assert.Contains("tls.version", reason);
    }

    [Fact]
    public void An_error_at_critical_severity_is_NoGo() =>
        Assert.Equal(Decision.NoGo, DecisionEngine.Decide(new[] { R("a", CheckStatus.Error, Severity.Critical) }).Decision);

    [Fact]
    public void A_pending_manual_item_is_Conditional_and_an_attested_one_is_Go()
    {
        Assert.Equal(Decision.Conditional, DecisionEngine.Decide(new[] { R("a", CheckStatus.Manual, Severity.High) }).Decision);
        Assert.Equal(Decision.Go, DecisionEngine.Decide(new[] { R("a", CheckStatus.Attested, Severity.High) }).Decision);
    }

    [Fact]
    public void A_medium_failure_is_Conditional_and_a_low_one_is_Go()
    {
        Assert.Equal(Decision.Conditional, DecisionEngine.Decide(new[] { R("a", CheckStatus.Failed, Severity.Medium) }).Decision);
        Assert.Equal(Decision.Go, DecisionEngine.Decide(new[] { R("a", CheckStatus.Failed, Severity.Low) }).Decision);
    }

    [Fact]
    public void The_rule_is_configurable_per_checklist()
    {
        var strict = new DecisionRule { NoGoSeverities = { Severity.Medium } };
        Assert.Equal(Decision.NoGo, DecisionEngine.Decide(new[] { R("a", CheckStatus.Failed, Severity.Medium) }, strict).Decision);
    }

    [Fact]
    public void Nothing_run_is_never_Go() =>
        Assert.Equal(Decision.NoGo, DecisionEngine.Decide(Array.Empty<CheckResult>()).Decision);
}
