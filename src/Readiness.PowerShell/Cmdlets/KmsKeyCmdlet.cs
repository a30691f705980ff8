using System.Management.Automation;
using Readiness.Core.Checks.Kms;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>The key and AWS connection parameters Test-ReadinessKms and Invoke-KmsSignerSmoke share, declared once.</summary>
public abstract class KmsKeyCmdlet : ReadinessCmdlet
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
    [TimeoutSecTransformation]
    [Alias("TimeoutSeconds", "Timeout")]
    public int TimeoutSec { get; set; } = 15;

    protected IReadOnlyList<CheckResult> Review(IReadOnlyList<string> aspects)
    {
        var target = new KmsReview.Target { KeyId = KeyId, Region = Region, Profile = ProfileName, EndpointUrl = EndpointUrl };
        return RunEngine((host, ct) => KmsReview.RunAsync(target, aspects, TimeSpan.FromSeconds(TimeoutSec), host, ct), KeyId);
    }
}
