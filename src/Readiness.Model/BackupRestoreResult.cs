namespace Readiness;

/// <summary>Summary of one backup verification: which backup, how old, how long the restore took, what was verified.</summary>
public sealed class BackupRestoreResult
{
    public string Backend { get; set; } = "";
    public string? BackupPath { get; set; }
    public double? AgeHours { get; set; }
    public long? SizeBytes { get; set; }
    public int BackupsFound { get; set; }
    /// <summary>Scratch database or folder used for the restore; removed afterwards unless kept on request.</summary>
    public string? Scratch { get; set; }
    public bool ScratchRemoved { get; set; }
    public TimeSpan? RestoreDuration { get; set; }
    public int TablesVerified { get; set; }
    public long RowsVerified { get; set; }
    public int FilesVerified { get; set; }
    public Decision Decision { get; set; }
    /// <summary>One result per step: discovery, freshness, cadence, retention, off-site, restore, verification, RTO.</summary>
    public FactList<CheckResult> Steps { get; set; } = new();

    public override string ToString() => $"{Backend} {BackupPath}: {Decision} (restore {RestoreDuration?.TotalSeconds:0.0} s)";
}
