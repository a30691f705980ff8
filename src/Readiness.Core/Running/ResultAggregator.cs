namespace Readiness.Core.Running;

/// <summary>
/// Collects CheckResults that arrive one at a time (piped from Test-* cmdlets, or read from files) and turns them
/// into one report with the same decision rule a checklist run uses. Fails closed: no results is a NoGo.
/// </summary>
public sealed class ResultAggregator
{
    private readonly List<CheckResult> _results = new();

    public int Count => _results.Count;

    public void Add(CheckResult? result)
    {
        if (result is not null) _results.Add(result);
    }

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
