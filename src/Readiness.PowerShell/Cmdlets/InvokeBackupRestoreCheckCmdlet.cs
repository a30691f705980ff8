using System.Management.Automation;
using System.Net;
using Readiness.Core.Checks.Backup;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Verifies backups end to end: freshness, cadence, retention, off-site copy, a restore into a scratch database or
/// folder (always removed), verification and the restore time. Emits one CheckResult per step, then the summary.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "BackupRestoreCheck", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CheckResult), typeof(BackupRestoreResult))]
public sealed class InvokeBackupRestoreCheckCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("postgres", "sqlite", "files")]
    public string Backend { get; set; } = "";

    /// <summary>Backups to consider, e.g. /backups/app-*.dump; newest first.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string Path { get; set; } = "";

    [Parameter]
    public string? OffsitePath { get; set; }

    [Parameter]
    public double? MaxAgeHours { get; set; }

    [Parameter]
    public TimeSpan? Interval { get; set; }

    [Parameter]
    public int? RetentionDays { get; set; }

    [Parameter]
    public SwitchParameter RequireDeletion { get; set; }

    [Parameter]
    public TimeSpan? RtoTarget { get; set; }

    [Parameter]
    public string? ManifestPath { get; set; }

    [Parameter]
    public string? CompareWithDatabase { get; set; }

    [Parameter]
    public string Server { get; set; } = "127.0.0.1";

    [Parameter]
    public int Port { get; set; } = 5432;

    /// <summary>PostgreSQL user and password for the scratch database; the password never leaves the credential.</summary>
    [Parameter]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public SwitchParameter KeepScratch { get; set; }

    [Parameter]
    public SwitchParameter SkipRestore { get; set; }

    protected override void EndProcessing()
    {
        var restore = !SkipRestore && ShouldProcess(Path, "Restore the newest backup into a scratch database or folder and remove it afterwards");
        var options = new BackupVerificationOptions
        {
            Backend = Backend, Pattern = ResolvePath(Path), BaseDirectory = SessionState.Path.CurrentFileSystemLocation.Path,
            OffsitePattern = OffsitePath is null ? null : ResolvePath(OffsitePath),
            MaxAge = MaxAgeHours is { } h ? TimeSpan.FromHours(h) : null, Interval = Interval,
            Retention = RetentionDays is { } d ? TimeSpan.FromDays(d) : null, DeletionRequired = RequireDeletion,
            Restore = restore, RtoTarget = RtoTarget, ManifestPath = ManifestPath is null ? null : ResolvePath(ManifestPath),
            CompareWithDatabase = CompareWithDatabase, KeepScratch = KeepScratch,
            Server = Backend == "postgres" && Credential is not null
                ? new PostgresServerOptions { Host = Server, Port = Port, User = Credential.UserName, Password = Credential.GetNetworkCredential().Password }
                : null,
        };
        var summary = RunEngine((host, ct) => BackupVerification.RunAsync(options, host, ct), Path);
        foreach (var step in summary.Steps) WriteObject(step);
        if (summary.Scratch is not null && !summary.ScratchRemoved && !KeepScratch)
            WriteWarning($"The scratch {summary.Scratch} could not be removed; remove it by hand.");
        WriteObject(summary);
    }
}
