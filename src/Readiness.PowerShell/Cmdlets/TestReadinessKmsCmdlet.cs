using System.Management.Automation;
using Readiness.Core.Checks.Kms;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Checks an AWS KMS signing key: state, sign/verify round trip, rotation and key policy.</summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessKms")]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessKmsCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string KeyId { get; set; } = "";

    [Parameter]
    [ValidateSet("state", "sign-verify", "rotation", "policy")]
    public string[]? Aspect { get; set; }

    [Parameter]
    public string? Region { get; set; }

    [Parameter]
    public string? ProfileName { get; set; }

    [Parameter]
    public string? EndpointUrl { get; set; }

    [Parameter]
    [ValidateRange(1, 600)]
    public int TimeoutSeconds { get; set; } = 15;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var target = new KmsReview.Target { KeyId = KeyId, Region = Region, Profile = ProfileName, EndpointUrl = EndpointUrl };
        var results = RunEngine((host, ct) => KmsReview.RunAsync(target, Aspect ?? KmsAssessment.Aspects, TimeSpan.FromSeconds(TimeoutSeconds), host, ct));
        if (Quiet) WriteObject(results.All(r => r.Status is CheckStatus.Passed or CheckStatus.Skipped));
        else foreach (var r in results) WriteObject(r);
    }
}
