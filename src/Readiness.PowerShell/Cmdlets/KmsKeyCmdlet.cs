using System.Management.Automation;
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
        var parameters = new Dictionary<string, object?>
        {
            ["keyId"] = KeyId, ["aspect"] = aspects.ToList(), ["region"] = Region, ["profile"] = ProfileName, ["endpointUrl"] = EndpointUrl,
            ["timeout"] = $"{TimeoutSec}s",
        };
        // Each KMS call may take -TimeoutSec and is retried once; the item covers every aspect's calls.
        return RunItems($"KMS key {KeyId}", TimeSpan.FromSeconds(TimeoutSec * 2 * aspects.Count + 5),
            run => run.Add("kms", "kms", "KMS signing key", Severity.High, parameters, section: "Signing and Evidence"), KeyId);
    }
}
