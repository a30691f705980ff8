using System.Management.Automation;
using Readiness.Core.Evidence;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Writes one evidence bundle for a run, optionally signed with a local key or an AWS KMS key.</summary>
[Cmdlet(VerbsData.Export, "ReadinessEvidence", SupportsShouldProcess = true, DefaultParameterSetName = "Unsigned")]
[OutputType(typeof(EvidenceBundleInfo))]
public sealed class ExportReadinessEvidenceCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public ReadinessReport InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    [Parameter(ParameterSetName = "KeyFile", Mandatory = true)]
    public string SigningKeyPath { get; set; } = "";

    [Parameter(ParameterSetName = "Kms", Mandatory = true)]
    public string KmsKeyId { get; set; } = "";

    [Parameter(ParameterSetName = "Kms")]
    public string? Region { get; set; }

    [Parameter(ParameterSetName = "Kms")]
    public string? ProfileName { get; set; }

    [Parameter(ParameterSetName = "Kms")]
    public string? EndpointUrl { get; set; }

    [Parameter]
    public string? EvidencePath { get; set; }

    [Parameter]
    public string? WaiversPath { get; set; }

    protected override void ProcessRecord()
    {
        var output = ResolvePath(Path);
        if (!ShouldProcess(output, "Write evidence bundle")) return;
        var signing = new GovernanceService.SigningOptions
        {
            KeyFile = ParameterSetName == "KeyFile" ? ResolvePath(SigningKeyPath) : null,
            KmsKeyId = ParameterSetName == "Kms" ? KmsKeyId : null,
            Region = Region, Profile = ProfileName, EndpointUrl = EndpointUrl,
        };
        var evidence = EvidencePath is null ? null : ResolvePath(EvidencePath);
        var waivers = WaiversPath is null ? null : ResolvePath(WaiversPath);
        WriteObject(RunEngine((_, ct) => GovernanceService.ExportEvidenceAsync(InputObject, output, signing, evidence, waivers, ct)));
    }
}
