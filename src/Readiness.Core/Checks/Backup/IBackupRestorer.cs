namespace Readiness.Core.Checks.Backup;

/// <summary>What a restore into scratch found: counts per table or file, and the problems.</summary>
public sealed class RestoreOutcome
{
    public string Scratch { get; set; } = "";
    public bool Restored { get; set; }
    public string? RestoreError { get; set; }
    public TimeSpan RestoreDuration { get; set; }
    public Dictionary<string, long> TableRows { get; } = new(StringComparer.Ordinal);
    public int FilesVerified { get; set; }
    public List<string> VerificationProblems { get; } = new();
    public bool ScratchRemoved { get; set; }
    public string? CleanupWarning { get; set; }
    /// <summary>What the run found of earlier runs' scratch databases before it began: dropped or left, and why.</summary>
    public List<string> SweptScratch { get; } = new();
}

/// <summary>Restores one backup into a scratch place (never the source), verifies it, and always removes the scratch.</summary>
public interface IBackupRestorer
{
    Task<RestoreOutcome> RestoreAndVerifyAsync(BackupFile backup, BackupVerificationOptions options, CancellationToken cancellationToken);
}
