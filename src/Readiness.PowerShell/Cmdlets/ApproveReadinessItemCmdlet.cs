using System.Management.Automation;
using Readiness.Core.Evidence;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Records a person's attestation of a manual item in the append-only evidence file (hash-chained). Ids can be
/// piped from `Get-ReadinessReport -ResultsOnly | Where-Object Status -eq Manual`.
/// </summary>
[Cmdlet(VerbsLifecycle.Approve, "ReadinessItem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
    DefaultParameterSetName = ChecklistSet)]
[OutputType(typeof(Attestation))]
public sealed class ApproveReadinessItemCmdlet : ReadinessCmdlet
{
    private const string ChecklistSet = "Checklist";
    private const string EvidenceSet = "Evidence";

    private Checklist? _checklist;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Id { get; set; } = "";

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string By { get; set; } = "";

    [Parameter]
    public string? Note { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ChecklistSet)]
    [ValidateNotNullOrEmpty]
    public string? Checklist { get; set; }

    [Parameter(ParameterSetName = ChecklistSet)]
    [Parameter(Mandatory = true, ParameterSetName = EvidenceSet)]
    [ValidateNotNullOrEmpty]
    public string? EvidencePath { get; set; }

    protected override void BeginProcessing()
    {
        if (Checklist is not null)
        {
            var path = ResolvePath(Checklist);
            _checklist = Configured(() => ApprovalChecklist.Load(path), Checklist);
        }
    }

    protected override void ProcessRecord()
    {
        var request = new ApprovalRequest
        {
            ItemId = Id,
            By = By,
            Note = Note,
            Checklist = _checklist,
            EvidencePath = EvidencePath is null ? null : ResolvePath(EvidencePath),
        };
        try
        {
            ApprovalService.Validate(request);
            var evidence = ApprovalService.EvidencePathFor(request);
            if (!ShouldProcess($"{Id} in {evidence}", $"Record an attestation by {By}")) return;
            WriteObject(ApprovalService.Approve(request));
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            WriteError(ErrorRecords.Item(ex, Id));
        }
    }
}
