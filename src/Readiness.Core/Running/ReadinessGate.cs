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

        var blocking = Order(report.Results.Where(IsOutstanding).ToList());
        // The items that made it NoGo are always named, however many: a capped list that hid one of them sent people
        // off fixing Medium manual items while a Critical failure went unread. The rest fill up to the cap.
        var shown = Math.Max(MaxNamed, blocking.Count(IsNoGoBlocker));
        var named = string.Join("; ", blocking.Take(shown).Select(r => $"{r.Id} ({r.Status}, {r.Severity})"));
        if (blocking.Count > shown) named += $"; and {blocking.Count - shown} more";
        var message = blocking.Count == 0
            ? $"Readiness gate failed: {report.ChecklistName} is {report.Decision}. {report.DecisionReason}"
            : $"Readiness gate failed: {report.ChecklistName} is {report.Decision}; resolve {named}.";
        return new GateOutcome(false, report.Decision, blocking, message);
    }

    /// <summary>Items that keep a release from Go: failed, could not run, or still awaiting a person.</summary>
    public static bool IsOutstanding(CheckResult result) =>
        result.Status.IsProblem() || result.Status == CheckStatus.Manual;

    /// <summary>Failed or Error at a severity the default decision rule calls NoGo.</summary>
    public static bool IsNoGoBlocker(CheckResult result) =>
        result.Status.IsProblem() && DefaultRule.NoGoSeverities.Contains(result.Severity);

    /// <summary>NoGo blockers first, then other failures, then pending manual items; by severity within each, checklist order kept.</summary>
    public static List<CheckResult> Order(IReadOnlyList<CheckResult> outstanding) =>
        outstanding
            .Select((r, i) => (r, i))
            .OrderBy(x => IsNoGoBlocker(x.r) ? 0 : x.r.Status == CheckStatus.Manual ? 2 : 1)
            .ThenBy(x => SeverityRank(x.r.Severity))
            .ThenBy(x => x.i)
            .Select(x => x.r)
            .ToList();

    private static readonly DecisionRule DefaultRule = new();

    // By name, not by the enum's numeric value, whose order is not a promise.
    private static int SeverityRank(Severity s) => s switch
    {
        Severity.Critical => 0, Severity.High => 1, Severity.Medium => 2, Severity.Low => 3, _ => 4,
    };

    private static int Rank(Decision d) => d switch { Decision.Go => 0, Decision.Conditional => 1, _ => 2 };
}

public sealed record GateOutcome(bool Passed, Decision Decision, IReadOnlyList<CheckResult> Blocking, string Message);

/// <summary>Thrown by a gate that failed; the message names the items that stopped the release.</summary>
public sealed class ReadinessGateException(GateOutcome outcome) : Exception(outcome.Message)
{
    public GateOutcome Outcome { get; } = outcome;
}
