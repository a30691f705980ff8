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
        const string passwordVariable = "Invoke-BackupRestoreCheck -Credential";
        var password = Credential?.GetNetworkCredential().Password;
        var parameters = new Dictionary<string, object?>
        {
            ["backend"] = Backend, ["path"] = ResolvePath(Path), ["offsite"] = OffsitePath is null ? null : ResolvePath(OffsitePath),
            ["maxAgeHours"] = MaxAgeHours, ["interval"] = Interval?.TotalSeconds, ["retentionDays"] = (double?)RetentionDays,
            ["requireDeletion"] = RequireDeletion.IsPresent, ["restore"] = restore, ["rto"] = RtoTarget?.TotalSeconds,
            ["manifest"] = ManifestPath is null ? null : ResolvePath(ManifestPath), ["compareWith"] = CompareWithDatabase,
            ["keepScratch"] = KeepScratch.IsPresent, ["step"] = "each",
            ["host"] = Server, ["port"] = (long)Port, ["user"] = Credential?.UserName, ["passwordVariable"] = password is null ? null : passwordVariable,
        };
        // A restore can take long; the checklist default of 30 s does not apply to a one-off verification.
        var steps = RunItems("backups", TimeSpan.FromHours(2),
            run => run.Add("backup-restore", "backup", "Backup and recovery", Severity.Critical, parameters, section: "Backup and recovery"), Path,
            environment: name => name == passwordVariable ? password : System.Environment.GetEnvironmentVariable(name), confirmed: true);
        var summary = BackupVerificationSteps.SummaryOf(steps);
        foreach (var step in steps) WriteObject(step);
        if (summary.Scratch is not null && !summary.ScratchRemoved && !KeepScratch)
            WriteWarning($"The scratch {summary.Scratch} could not be removed; remove it by hand.");
        WriteObject(summary);
    }
}
