namespace Readiness;

/// <summary>The result of one checklist item: the unit every report, renderer and cmdlet composes on.</summary>
public sealed class CheckResult
{
    /// <summary>Stable id of the checklist item, e.g. <c>security.webhook-replay-window-setting</c>.</summary>
    public string Id { get; set; } = "";
    public string Section { get; set; } = "";
    public string Title { get; set; } = "";
    public CheckStatus Status { get; set; }
    public Severity Severity { get; set; } = Severity.Medium;
    /// <summary>The check type that produced this result (env, tls, manual, ...).</summary>
    public string CheckType { get; set; } = "";
    /// <summary>What was checked (URL, file, variable, key ARN); never a secret.</summary>
    public string Target { get; set; } = "";
    /// <summary>One sentence a person acts on.</summary>
    public string Message { get; set; } = "";
    /// <summary>Facts that prove the status, already redacted.</summary>
    public FactMap<string> Evidence { get; set; } = new();
    public string? Remediation { get; set; }
    /// <summary>
    /// Source file of the result (its first finding), when it has one: the absolute path, which SARIF, JUnit and CI
    /// annotations name relative to the repository root.
    /// </summary>
    public string? File { get; set; }
    public int? Line { get; set; }
    /// <summary>Every located problem when the check reports several (each secret found); null when it reports none.</summary>
    public FactList<Finding>? Findings { get; set; }
    public TimeSpan Duration { get; set; }
    public DateTimeOffset Timestamp { get; set; }

    public override string ToString() => $"{Status} {Id}: {Message}";
}
