namespace Readiness;

// Every enum users see is backed by long: pwsh's ConvertTo-Json (as of 7.6.10) writes a long-backed enum as its name
// but an int-backed one as a number, and -EnumsAsStrings is easy to forget. Enabling pwsh's experimental
// PSSerializeJSONLongEnumAsNumber feature turns the names back into numbers.

/// <summary>The outcome of one checklist item. A fixed vocabulary: never free text.</summary>
public enum CheckStatus : long
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

/// <summary>Least to most severe, so that <c>Where-Object Severity -ge High</c> means High and Critical.</summary>
public enum Severity : long
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}

public enum Decision : long
{
    Go,
    NoGo,
    Conditional,
}
