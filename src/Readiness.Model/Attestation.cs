namespace Readiness;

/// <summary>A person's signature on a manual item, one line of the append-only evidence file.</summary>
public sealed class Attestation
{
    public string ItemId { get; set; } = "";
    public string By { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Note { get; set; }
    /// <summary>"attest" or "waive".</summary>
    public string Kind { get; set; } = "attest";
    public DateTimeOffset? Expires { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";

    public override string ToString() => $"{ItemId} {Kind} by {By} at {At:u}";
}
