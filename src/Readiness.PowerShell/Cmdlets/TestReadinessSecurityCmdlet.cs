using System.Management.Automation;
using Readiness.Core.Checks.Headers;
using Readiness.Core.Checks.Security;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Assesses the transport security of an HTTPS endpoint: TLS protocol versions, certificate (chain, host name, expiry,
/// key, renewal), HTTP to HTTPS redirect, HSTS, security headers, cookies and an MDN HTTP Observatory score.
/// Writes one CheckResult per decision, or a single Boolean with -Quiet.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessSecurity")]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessSecurityCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Url", "Target")]
    [ValidateUriScheme("https")]
    public Uri Uri { get; set; } = null!;

    /// <summary>The plain http:// URL that must redirect (default: http://host/ when -Uri uses port 443).</summary>
    [Parameter] [ValidateUriScheme("http")] public Uri? HttpUri { get; set; }
    /// <summary>Connect to this address instead of resolving the host name.</summary>
    [Parameter] public string? Address { get; set; }
    /// <summary>The private CA (PEM or DER file) that issued the certificate.</summary>
    [Parameter] public string? CaCertificate { get; set; }
    [Parameter] public SwitchParameter SkipTrust { get; set; }
    /// <summary>Fewer days to expiry than this is a Warning (default 30).</summary>
    [Parameter] [ValidateRange(0, 3650)] public int MinimumDaysToExpiry { get; set; } = 30;
    /// <summary>Fewer days to expiry than this is Failed (default 7).</summary>
    [Parameter] [ValidateRange(0, 3650)] public int CriticalDaysToExpiry { get; set; } = 7;
    /// <summary>Modern: X-XSS-Protection absent or 0 with a CSP that blocks inline script. Enabled: 1; mode=block.</summary>
    [Parameter] [ValidateSet("Modern", "Enabled")] public string XssProtection { get; set; } = "Modern";
    /// <summary>The lowest MDN HTTP Observatory grade that passes (default B).</summary>
    [Parameter] [ValidateSet("A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F")] public string MinimumGrade { get; set; } = "B";
    /// <summary>Timeout of each network probe (default 10 s).</summary>
    [Parameter] [ValidateRange(1, 600)] [TimeoutSecTransformation] [Alias("Timeout", "TimeoutSeconds")] public int? TimeoutSec { get; set; }
    /// <summary>Where the service's security variables are: .env files, or "process" (seed 000's DIFFVER_* settings).</summary>
    [Parameter] public string[]? Environment { get; set; }
    [Parameter] public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var target = new SecurityTarget
        {
            Uri = Uri, HttpUri = HttpUri, Address = Address, CaCertificate = CaCertificate is null ? null : ResolvePath(CaCertificate),
            SkipTrust = SkipTrust.IsPresent, WarnDays = MinimumDaysToExpiry, FailDays = CriticalDaysToExpiry,
            XssProtection = XssProtection.ToLowerInvariant(), MinimumGrade = MinimumGrade, Timeout = TimeoutSec is { } timeout ? TimeSpan.FromSeconds(timeout) : null,
        };
        var sources = (Environment ?? Array.Empty<string>()).Select(e => e.Equals("process", StringComparison.OrdinalIgnoreCase) ? e : ResolvePath(e)).ToList();
        var results = RunItems("transport security", SecurityCheck.ItemTimeout(target.Timeout),
            run => SecurityCheck.AddItems(run, target, tlsOnly: false, sources), Uri);
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var result in results) WriteObject(result);
    }
}
