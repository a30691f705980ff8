namespace Readiness;

/// <summary>An accepted known failure for this release: which items, why, who approved it, until when.</summary>
public sealed class Waiver
{
    /// <summary>An item id or a pattern with * and ? (e.g. <c>security.headers.*</c>).</summary>
    public string Item { get; set; } = "";
    public string Justification { get; set; } = "";
    public string ApprovedBy { get; set; } = "";
    public DateTimeOffset Expires { get; set; }
    public DateTimeOffset? Created { get; set; }
    /// <summary>Active, Expired, Unused (matched nothing that failed) or Refused (the item is non-waivable).</summary>
    public WaiverState State { get; set; }
    /// <summary>Ids of the results this waiver turned into Waived.</summary>
    public FactList<string> AppliedTo { get; set; } = new();

    public override string ToString() => $"{Item} until {Expires:yyyy-MM-dd} ({State})";
}

public enum WaiverState : long
{
    Active,
    Expired,
    Unused,
    Refused,
}
