using System.Management.Automation;
using Readiness.Core.Evidence;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Checks an evidence bundle's manifest hashes and signature.</summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessEvidence")]
[OutputType(typeof(EvidenceVerification), typeof(bool))]
public sealed class TestReadinessEvidenceCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Path { get; set; } = "";

    [Parameter]
    public string? PublicKeyPath { get; set; }

    [Parameter]
    public SwitchParameter RequireSignature { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var result = GovernanceService.VerifyEvidence(ResolvePath(Path), PublicKeyPath is null ? null : ResolvePath(PublicKeyPath), RequireSignature);
        if (Quiet) WriteObject(result.IsValid);
        else WriteObject(result);
    }
}
