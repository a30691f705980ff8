using Readiness.Core.Running;
using System.Collections;
using System.Management.Automation;
using Readiness.Core.Checks.RateLimit;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Sends a quick burst to an endpoint and checks that it answers 429 after -Limit requests (at the latest
/// -Limit + -Tolerance) with Retry-After or RateLimit headers, and not before. Writes a CheckResult, or a Boolean with -Quiet.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessRateLimit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessRateLimitCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Url", "Target")]
    [ValidateUriScheme("http", "https")]
    public Uri Uri { get; set; } = null!;

    /// <summary>Requests the endpoint must allow in a quick burst.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(1, RateLimitCheck.MaxLimit)]
    public int Limit { get; set; }

    /// <summary>Extra requests allowed before the 429 must come (default max(2, 10% of the limit)).</summary>
    [Parameter] [ValidateRange(0, RateLimitCheck.MaxLimit)] public int? Tolerance { get; set; }
    [Parameter] public string Method { get; set; } = "GET";
    [Parameter] public Hashtable? Header { get; set; }
    [Parameter] public string? Body { get; set; }
    /// <summary>The status that means "limited" (default 429).</summary>
    [Parameter] public int? Status { get; set; }
    /// <summary>A 429 without Retry-After or RateLimit headers fails instead of warning.</summary>
    [Parameter] public SwitchParameter RequireHeaders { get; set; }
    /// <summary>Timeout of each request in seconds.</summary>
    [Parameter] [ValidateRange(1, 600)] [TimeoutSecTransformation] [Alias("Timeout", "TimeoutSeconds")] public int? TimeoutSec { get; set; }
    [Parameter] public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["url"] = Uri.ToString(), ["limit"] = (long)Limit, ["tolerance"] = (long?)Tolerance, ["method"] = Method, ["body"] = Body,
            ["status"] = (long?)Status, ["requireHeaders"] = RequireHeaders.IsPresent, ["timeout"] = (double?)TimeoutSec,
            ["headers"] = Header?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => (object?)e.Value?.ToString(), StringComparer.OrdinalIgnoreCase),
        };
        var results = RunItems("rate limit", TimeSpan.FromMinutes(5),
            run => run.Add("rate-limit", "rate-limit", $"Rate limit of {Uri}", Severity.High, parameters), Uri);
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var r in results) WriteObject(r);
    }
}
