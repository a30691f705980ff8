using System.Management.Automation;
using Readiness.Core.Checks.Kms;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Signs a fresh digest with the KMS key and verifies it through KMS and locally with the public key.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "KmsSignerSmoke", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CheckResult))]
public sealed class InvokeKmsSignerSmokeCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string KeyId { get; set; } = "";

    [Parameter]
    public string? Region { get; set; }

    [Parameter]
    public string? ProfileName { get; set; }

    [Parameter]
    public string? EndpointUrl { get; set; }

    [Parameter]
    [ValidateRange(1, 600)]
    public int TimeoutSeconds { get; set; } = 15;

    protected override void ProcessRecord()
    {
        // Signing leaves an entry in the key's CloudTrail history, so it is asked for like any other action.
        if (!ShouldProcess(KeyId, "Sign and verify a random digest")) return;
        var target = new KmsReview.Target { KeyId = KeyId, Region = Region, Profile = ProfileName, EndpointUrl = EndpointUrl };
        foreach (var r in RunEngine((host, ct) => KmsReview.RunAsync(target, new[] { "state", "sign-verify" }, TimeSpan.FromSeconds(TimeoutSeconds), host, ct)))
            WriteObject(r);
    }
}
