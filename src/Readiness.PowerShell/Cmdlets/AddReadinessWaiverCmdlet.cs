using System.Management.Automation;
using Readiness.Core.Checklists;
using Readiness.Core.Evidence;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Accepts a known failure until a date; written to the waivers file and the attestation chain.</summary>
[Cmdlet(VerbsCommon.Add, "ReadinessWaiver", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Waiver))]
public sealed class AddReadinessWaiverCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ArgumentCompleter(typeof(ChecklistItemIdCompleter))]
    public string Item { get; set; } = "";

    [Parameter(Mandatory = true)]
    public string Checklist { get; set; } = "";

    [Parameter(Mandatory = true)]
    public string Justification { get; set; } = "";

    [Parameter(Mandatory = true)]
    public string ApprovedBy { get; set; } = "";

    [Parameter(Mandatory = true)]
    public DateTime Expires { get; set; }

    protected override void ProcessRecord()
    {
        var path = ResolvePath(Checklist);
        if (!ShouldProcess(path, $"Waive '{Item}' until {Expires:yyyy-MM-dd}")) return;
        try
        {
            WriteObject(GovernanceService.AddWaiver(new GovernanceService.WaiverRequest
            {
                ChecklistPath = path, Item = Item, Justification = Justification, ApprovedBy = ApprovedBy,
                Expires = new DateTimeOffset(DateTime.SpecifyKind(Expires.Date.AddDays(1).AddSeconds(-1), DateTimeKind.Utc)),
            }));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or ChecklistException)
        {
            WriteError(ErrorRecords.Configuration(ex, Checklist)!);
        }
        catch (ArgumentException ex)
        {
            WriteItemError(ex, "WaiverRefused", ErrorCategory.InvalidArgument, Item);
        }
    }
}
