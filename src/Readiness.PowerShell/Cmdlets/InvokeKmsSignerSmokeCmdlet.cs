using System.Management.Automation;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Signs a fresh digest with the KMS key and verifies it through KMS and locally with the public key.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "KmsSignerSmoke", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CheckResult))]
public sealed class InvokeKmsSignerSmokeCmdlet : KmsKeyCmdlet
{
    protected override void ProcessRecord()
    {
        // Signing leaves an entry in the key's CloudTrail history, so it is asked for like any other action.
        if (!ShouldProcess(KeyId, "Sign and verify a random digest")) return;
        foreach (var r in Review(new[] { "state", "sign-verify" })) WriteObject(r);
    }
}
