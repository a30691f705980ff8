using System.Management.Automation;
using Readiness.Core.Evidence;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Records a person's attestation of a manual item in the append-only evidence file (hash-chained), through the
/// same Core service as `readiness attest`. Ids can be piped from
/// `Get-ReadinessReport -ResultsOnly | Where-Object Status -eq Manual`.
/// </summary>
[Cmdlet(VerbsLifecycle.Approve, "ReadinessItem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Attestation))]
public sealed class ApproveReadinessItemCmdlet : ReadinessCmdlet
{
    private Checklist? _checklist;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ChecklistItemIdCompleter))]
    public string Id { get; set; } = "";

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string By { get; set; } = "";

    [Parameter]
    public string? Note { get; set; }

    /// <summary>The checklist file; without it, the one checklist under ./checklists or . that has the id.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Checklist { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EvidencePath { get; set; }

    [Parameter]
    public DateTimeOffset? Expires { get; set; }

    protected override void BeginProcessing()
    {
        if (Checklist is null) return;
        var path = ResolvePath(Checklist);
        _checklist = Configured(() => Attestations.LocateChecklist(Id, path), Checklist);
    }

    protected override void ProcessRecord()
    {
        try
        {
            var checklist = _checklist ?? Attestations.LocateChecklist(Id, null, searchFolder: SessionState.Path.CurrentFileSystemLocation.Path);
            var evidence = Attestations.EvidencePathFor(checklist, EvidencePath is null ? null : ResolvePath(EvidencePath));
            var item = Attestations.FindAttestable(checklist, Id);
            if (!ShouldProcess($"{item.Id} in {evidence}", $"Record an attestation by {By}")) return;
            WriteObject(Attestations.Attest(checklist, item.Id, By, Note, evidence, expires: Expires));
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            WriteError(ErrorRecords.Item(ex, Id));
        }
    }
}
