namespace Readiness.Core.Running;

/// <summary>
/// Collects CheckResults that arrive one at a time (piped from Test-* cmdlets, or read from files) and turns them
/// into one report with the same decision rule a checklist run uses. Fails closed: no results is a NoGo.
/// </summary>
public sealed class ResultAggregator
{
    private readonly List<CheckResult> _results = new();
    // Invoke-BackupRestoreCheck writes each step and then the summary that holds the same steps; piped together they count once.
    private readonly HashSet<CheckResult> _seen = new(ReferenceEqualityComparer.Instance);

    public int Count => _results.Count;

    public void Add(CheckResult? result)
    {
        if (result is not null && _seen.Add(result)) _results.Add(result);
    }

    /// <summary>
    /// The CheckResults an object that a Test-* or Invoke-* command writes stands for, so everything they write can be
    /// piped into one report; null for an object that is not a result of a check.
    /// </summary>
    public static IReadOnlyList<CheckResult>? ResultsOf(object? value) => value switch
    {
        CheckResult result => new[] { result },
        IEnumerable<CheckResult> results => results.ToList(),
        BackupRestoreResult backup => backup.Steps,
        // The load test's verdict is the CheckResult written right after the summary; the summary adds only figures.
        LoadTestResult => Array.Empty<CheckResult>(),
        ReadinessReport report => report.Results,
        EvidenceVerification evidence => new[] { Evidence.EvidenceVerificationResult.ToCheckResult(evidence) },
        _ => null,
    };

    public void AddRange(IEnumerable<CheckResult?>? results)
    {
        foreach (var r in results ?? Array.Empty<CheckResult?>()) Add(r);
    }

    /// <summary>The report over everything added so far, in arrival order.</summary>
    public ReadinessReport Build(string? name = null, DecisionRule? rule = null)
    {
        var report = ReportBuilder.Aggregate(_results, rule);
        if (!string.IsNullOrWhiteSpace(name)) report.ChecklistName = name;
        return report;
    }
}
