using System.Management.Automation;
using Readiness.Core.Evidence;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Checks an evidence bundle's manifest hashes and signature.</summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessEvidence", DefaultParameterSetName = "Path")]
[OutputType(typeof(EvidenceVerification), typeof(bool))]
public sealed class TestReadinessEvidenceCmdlet : ReadinessCmdlet
{
    /// <summary>Evidence bundles; wildcards allowed. By property name too: Export-ReadinessEvidence's output carries Path.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "Path")]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "LiteralPath")]
    [Alias("PSPath", "FullName", "LP")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    [Parameter]
    public string? PublicKeyPath { get; set; }

    [Parameter]
    public SwitchParameter RequireSignature { get; set; }

    /// <summary>ENTRIES:HASH (a report's attestationChain) that the bundled attestation chain must still reach.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExpectedHead { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == "LiteralPath";
        foreach (var bundle in ResolveInputPaths(literal ? LiteralPath : Path, literal))
        {
            var result = GovernanceService.VerifyEvidence(bundle, PublicKeyPath is null ? null : ResolvePath(PublicKeyPath), RequireSignature, ExpectedHead);
            if (Quiet) WriteObject(result.IsValid);
            else WriteObject(result);
        }
    }
}
