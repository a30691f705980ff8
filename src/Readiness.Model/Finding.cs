namespace Readiness;

/// <summary>
/// One located problem among several a check reports in one result (each secret of a scan, each manifest problem):
/// what SARIF results, JUnit test cases and CI annotations are made of, one each. Never holds a secret.
/// </summary>
public sealed class Finding
{
    /// <summary>Absolute path of the file, so reports can name it relative to the repository root.</summary>
    public string File { get; set; } = "";
    public int? Line { get; set; }
    /// <summary>One sentence about this finding alone.</summary>
    public string Message { get; set; } = "";
    /// <summary>The detector or rule that found it (a secrets rule id, a kubernetes rule), when the check has several.</summary>
    public string? Rule { get; set; }
    /// <summary>Stable identity across runs and commits (the secrets fingerprint), when the check has one.</summary>
    public string? Fingerprint { get; set; }
    /// <summary>The commit a history finding was added in; null for the working tree.</summary>
    public string? Commit { get; set; }

    public override string ToString() => Line is null ? $"{File}: {Message}" : $"{File}:{Line}: {Message}";
}
