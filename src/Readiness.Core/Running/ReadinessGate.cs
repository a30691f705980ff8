namespace Readiness.Core.Running;

/// <summary>
/// The CI gate over a report (Assert-ReadinessReport, `readiness run --strict`): passes when the decision is
/// better than the threshold, and otherwise explains which items stopped the release.
/// </summary>
public static class ReadinessGate
{
    private const int MaxNamed = 10;

    /// <summary>
    /// <paramref name="failOn"/> is the first decision that fails the gate: <see cref="Decision.Conditional"/> fails
    /// anything that is not Go, <see cref="Decision.NoGo"/> lets Conditional through.
    /// </summary>
    public static GateOutcome Evaluate(ReadinessReport report, Decision failOn = Decision.Conditional)
    {
        if (failOn == Decision.Go)
            throw new ArgumentException("The gate threshold must be Conditional or NoGo: failing on Go would fail every run.");
        var failed = Rank(report.Decision) >= Rank(failOn);
        if (!failed)
            return new GateOutcome(true, report.Decision, Array.Empty<CheckResult>(),
                $"Readiness gate passed: {report.ChecklistName} is {report.Decision}.");

        var blocking = report.Results.Where(IsOutstanding).ToList();
        var named = string.Join("; ", blocking.Take(MaxNamed).Select(r => $"{r.Id} ({r.Status}, {r.Severity})"));
        if (blocking.Count > MaxNamed) named += $"; and {blocking.Count - MaxNamed} more";
        var message = blocking.Count == 0
            ? $"Readiness gate failed: {report.ChecklistName} is {report.Decision}. {report.DecisionReason}"
            : $"Readiness gate failed: {report.ChecklistName} is {report.Decision}; resolve {named}.";
        return new GateOutcome(false, report.Decision, blocking, message);
    }

    /// <summary>Items that keep a release from Go: failed, could not run, or still awaiting a person.</summary>
    public static bool IsOutstanding(CheckResult result) =>
        result.Status.IsProblem() || result.Status == CheckStatus.Manual;

    private static int Rank(Decision d) => d switch { Decision.Go => 0, Decision.Conditional => 1, _ => 2 };
}

public sealed record GateOutcome(bool Passed, Decision Decision, IReadOnlyList<CheckResult> Blocking, string Message);

/// <summary>Thrown by a gate that failed; the message names the items that stopped the release.</summary>
public sealed class ReadinessGateException(GateOutcome outcome) : Exception(outcome.Message)
{
    public GateOutcome Outcome { get; } = outcome;
}
