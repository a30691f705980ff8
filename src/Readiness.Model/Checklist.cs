namespace Readiness;

/// <summary>A loaded checklist: what Import-ReadinessChecklist returns and a run consumes.</summary>
public sealed class Checklist
{
    public int SchemaVersion { get; set; } = 1;
    public string Name { get; set; } = "";
    public string? Title { get; set; }
    public string? Version { get; set; }
    /// <summary>The file it was loaded from; relative paths in parameters resolve against its folder.</summary>
    public string? Path { get; set; }
    public Dictionary<string, string> Variables { get; set; } = new(StringComparer.Ordinal);
    public ChecklistSettings Settings { get; set; } = new();
    public List<ChecklistItem> Items { get; set; } = new();

    public override string ToString() => $"{Name} ({Items.Count} items)";
}

/// <summary>Checklist-level options; each is nullable and falls back to a named default.</summary>
public sealed class ChecklistSettings
{
    public const int DefaultParallel = 8;
    public const int DefaultTimeoutSeconds = 30;

    public int? Parallel { get; set; }
    public int? TimeoutSeconds { get; set; }
    /// <summary>The largest HTTP response body a check reads, in MB; 16 when null.</summary>
    public int? MaxResponseMB { get; set; }
    public DecisionRule? Decision { get; set; }
    /// <summary>Item ids, patterns (<c>security.*</c>) or severity names (<c>critical</c>) that no waiver may cover.</summary>
    public List<string> NonWaivable { get; set; } = new();
}

/// <summary>
/// Which results block a release. Defaults: Failed or Error at Critical/High is NoGo; a pending
/// Manual item or a Failed at Medium is Conditional; everything else is Go.
/// </summary>
public sealed class DecisionRule
{
    public List<Severity> NoGoSeverities { get; set; } = new() { Severity.Critical, Severity.High };
    public List<Severity> ConditionalSeverities { get; set; } = new() { Severity.Medium };
    public bool PendingManualIsConditional { get; set; } = true;
    public bool WarningIsConditional { get; set; }
    /// <summary>Whether a waived failure still makes the decision Conditional (default: it does not block and gives Go).</summary>
    public bool WaivedIsConditional { get; set; }
}

public sealed class ChecklistItem
{
    public string Id { get; set; } = "";
    public string Section { get; set; } = "";
    public string Title { get; set; } = "";
    public Severity Severity { get; set; } = Severity.Medium;
    public string? Description { get; set; }
    public string? Remediation { get; set; }
    public CheckSpec? Check { get; set; }
    public ManualSpec? Manual { get; set; }
    /// <summary>Imported from Markdown as already ticked (<c>[x]</c>).</summary>
    public bool PreviouslyValidated { get; set; }
    public List<string> Tags { get; set; } = new();
    /// <summary>Position in the source file, for error messages and SARIF.</summary>
    public int Line { get; set; }
    public int Column { get; set; }

    public string CheckType => Check?.Type ?? "manual";

    public override string ToString() => $"{Id}: {Title}";
}

public sealed class CheckSpec
{
    public string Type { get; set; } = "";
    /// <summary>Parameter values: string, bool, long, double, List&lt;object?&gt; or Dictionary&lt;string, object?&gt;.</summary>
    public Dictionary<string, object?> Parameters { get; set; } = new(StringComparer.Ordinal);
    /// <summary>
    /// Parameter values that are relative to another folder than the checklist's, with that folder: values that began
    /// with a variable the caller supplied (-Variable, --var) resolve where the caller is, not beside the checklist.
    /// </summary>
    public Dictionary<string, string> PathBases { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ManualSpec
{
    /// <summary>Roles or names who may attest, e.g. "SRE", "AppSec".</summary>
    public List<string> Approvers { get; set; } = new();
    public string? Instructions { get; set; }
}
