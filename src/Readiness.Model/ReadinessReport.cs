namespace Readiness;

/// <summary>All results of one run with the Go/No-Go decision and the rule that produced it.</summary>
public sealed class ReadinessReport
{
    public string ChecklistName { get; set; } = "";
    public string? ChecklistTitle { get; set; }
    public string? ChecklistVersion { get; set; }
    public string? ChecklistPath { get; set; }
    /// <summary>What the run was pointed at (a base URL, a repository folder), never a secret.</summary>
    public string? Target { get; set; }
    public Decision Decision { get; set; }
    /// <summary>Human-readable explanation of the rule that produced the decision.</summary>
    public string DecisionReason { get; set; } = "";
    public StatusCounts Counts { get; set; } = new();
    public FactList<CheckResult> Results { get; set; } = new();
    /// <summary>Every waiver considered in this run, with its state and the items it covered.</summary>
    public FactList<Waiver> Waivers { get; set; } = new();
    public DateTimeOffset StartTime { get; set; }
    /// <summary>
    /// The instant dates were judged at (backup ages, review dates, expiry) when the run was pinned with
    /// --as-of/-AsOf; null when they were judged at the run's own time.
    /// </summary>
    public DateTimeOffset? AsOf { get; set; }
    public TimeSpan Duration { get; set; }
    public string ToolVersion { get; set; } = "";
    /// <summary>The attestation chain as this run read it; a later file with fewer entries was cut.</summary>
    public AttestationChainHead? AttestationChain { get; set; }

    public int Count(CheckStatus status) => Counts[status];

    public override string ToString() => $"{ChecklistName}: {Decision} ({Results.Count} items)";
}
