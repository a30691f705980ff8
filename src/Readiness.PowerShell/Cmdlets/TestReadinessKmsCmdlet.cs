using Readiness.Core.Running;
using System.Management.Automation;
using Readiness.Core.Checks.Kms;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Checks an AWS KMS signing key: state, sign/verify round trip, rotation and key policy.</summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessKms")]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessKmsCmdlet : KmsKeyCmdlet
{
    [Parameter]
    [ValidateSet("state", "sign-verify", "rotation", "policy")]
    public string[]? Aspect { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var results = Review(Aspect ?? KmsAssessment.Aspects);
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var r in results) WriteObject(r);
    }
}
