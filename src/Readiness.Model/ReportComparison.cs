namespace Readiness;

/// <summary>What changed between two runs of a checklist (Compare-ReadinessReport / readiness diff).</summary>
public sealed class ReportComparison
{
    public string OldChecklist { get; set; } = "";
    public string NewChecklist { get; set; } = "";
    public Decision OldDecision { get; set; }
    public Decision NewDecision { get; set; }
    public DateTimeOffset OldStartTime { get; set; }
    public DateTimeOffset NewStartTime { get; set; }
    public FactList<ItemChange> Changes { get; set; } = new();

    public FactList<ItemChange> Regressions => new(Changes.Where(c => c.Kind == ChangeKind.Regression));
    public FactList<ItemChange> Fixes => new(Changes.Where(c => c.Kind == ChangeKind.Fix));

    public override string ToString() =>
        $"{OldDecision} -> {NewDecision}: {Changes.Count(c => c.Kind == ChangeKind.Regression)} regressions, {Changes.Count(c => c.Kind == ChangeKind.Fix)} fixes";
}

public enum ChangeKind : long
{
    /// <summary>Was Passed (or Attested/Waived), now Failed or Error.</summary>
    Regression,
    /// <summary>Was Failed or Error, now Passed or Attested.</summary>
    Fix,
    Added,
    Removed,
    StatusChanged,
    EvidenceChanged,
}

/// <summary>One difference. For EvidenceChanged, Key/OldValue/NewValue name the figure and Delta is set when both are numbers.</summary>
public sealed class ItemChange
{
    public ChangeKind Kind { get; set; }
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public CheckStatus? OldStatus { get; set; }
    public CheckStatus? NewStatus { get; set; }
    public string? Key { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public double? Delta { get; set; }
    public string Message { get; set; } = "";

    public override string ToString() => $"{Kind} {Id}: {Message}";
}
