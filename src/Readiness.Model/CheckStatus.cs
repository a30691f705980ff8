namespace Readiness;

/// <summary>The outcome of one checklist item. A fixed vocabulary: never free text.</summary>
public enum CheckStatus
{
    Passed,
    Failed,
    Warning,
    /// <summary>The check could not run (unreachable target, bad parameter, timeout).</summary>
    Error,
    Skipped,
    /// <summary>Awaiting a person's attestation.</summary>
    Manual,
    /// <summary>A person signed the item off.</summary>
    Attested,
    /// <summary>Failed, but accepted for this release by an unexpired waiver.</summary>
    Waived,
}

public enum Severity
{
    Critical,
    High,
    Medium,
    Low,
    Info,
}

public enum Decision
{
    Go,
    NoGo,
    Conditional,
}
