using System.Management.Automation;
using Readiness.Core.Checks.Security;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Assesses only the TLS side of an HTTPS endpoint: protocol versions (each probed separately) and the served
/// certificate's chain, host name, expiry, key and signature, and lifetime. One CheckResult per decision, or a Boolean with -Quiet.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessTls")]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessTlsCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Url", "Target")]
    [ValidateUriScheme("https")]
    public Uri Uri { get; set; } = null!;

    /// <summary>Connect to this address instead of resolving the host name.</summary>
    [Parameter] public string? Address { get; set; }
    /// <summary>The private CA (PEM or DER file) that issued the certificate.</summary>
    [Parameter] public string? CaCertificate { get; set; }
    [Parameter] public SwitchParameter SkipTrust { get; set; }
    /// <summary>Fewer days to expiry than this is a Warning (default 30).</summary>
    [Parameter] [ValidateRange(0, 3650)] public int MinimumDaysToExpiry { get; set; } = 30;
    /// <summary>Fewer days to expiry than this is Failed (default 7).</summary>
    [Parameter] [ValidateRange(0, 3650)] public int CriticalDaysToExpiry { get; set; } = 7;
    /// <summary>Timeout of each handshake (default 10 s).</summary>
    [Parameter] [ValidateRange(1, 600)] [TimeoutSecTransformation] [Alias("Timeout", "TimeoutSeconds")] public int? TimeoutSec { get; set; }
    [Parameter] public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var target = new SecurityTarget
        {
            Uri = Uri, Address = Address, CaCertificate = CaCertificate is null ? null : ResolvePath(CaCertificate),
            SkipTrust = SkipTrust.IsPresent, WarnDays = MinimumDaysToExpiry, FailDays = CriticalDaysToExpiry, Timeout = TimeoutSec is { } timeout ? TimeSpan.FromSeconds(timeout) : null,
        };
        var results = RunItems("TLS", SecurityCheck.ItemTimeout(target.Timeout), run => SecurityCheck.AddItems(run, target, tlsOnly: true, []), Uri);
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var result in results) WriteObject(result);
    }
}
