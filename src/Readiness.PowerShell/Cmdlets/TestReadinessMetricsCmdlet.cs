using System.Management.Automation;
using Readiness.Core.Running;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Scrapes a /metrics endpoint (or reads a saved scrape), parses it and checks required metric families.</summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessMetrics", DefaultParameterSetName = "Uri")]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessMetricsCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Uri", ValueFromPipelineByPropertyName = true)]
    [Alias("Url")]
    [ValidateUriScheme("http", "https")]
    public Uri Uri { get; set; } = null!;

    /// <summary>Saved scrapes (text files); wildcards allowed. One result per file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Path")]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ParameterSetName = "LiteralPath", ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Family names, or hashtables with name/pattern, type, labels, nonZero, description.</summary>
    [Parameter(Position = 1)]
    public object[]? Require { get; set; }

    [Parameter]
    [ValidateSet("auto", "text", "openmetrics")]
    public string Format { get; set; } = "auto";

    [Parameter]
    public string? BearerTokenVariable { get; set; }

    [Parameter]
    [ValidateRange(1, 600)]
    [TimeoutSecTransformation]
    [Alias("TimeoutSeconds", "Timeout")]
    public int TimeoutSec { get; set; } = 10;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "Uri") Check(Uri.AbsoluteUri, null);
        else
        {
            var literal = ParameterSetName == "LiteralPath";
            foreach (var file in ResolveInputPaths(literal ? LiteralPath : Path, literal)) Check(null, file);
        }
    }

    private void Check(string? url, string? file)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["url"] = url,
            ["file"] = file,
            ["format"] = Format,
            ["bearerTokenEnv"] = BearerTokenVariable,
            ["require"] = Require is null ? null : CheckArguments.ToList(Require),
            ["timeout"] = $"{TimeoutSec}s",
        };
        var results = RunItems("metrics", TimeSpan.FromSeconds(TimeoutSec + 5),
            run => run.Add("metrics", "metrics", "/metrics endpoint scraped", Severity.High, parameters), (object?)url ?? file);
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var r in results) WriteObject(r);
    }
}

/// <summary>Turns PowerShell values (hashtables, arrays, PSObjects) into the plain shapes check parameters use.</summary>
internal static class CheckArguments
{
    public static object? Convert(object? value) => value switch
    {
        null => null,
        PSObject ps => Convert(ps.BaseObject),
        string s => s,
        System.Collections.IDictionary map => map.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => Convert(map[k]), StringComparer.Ordinal),
        System.Collections.IEnumerable list => list.Cast<object?>().Select(Convert).ToList(),
        int i => (long)i,
        _ => value,
    };

    public static List<object?> ToList(IEnumerable<object> values) => values.Select(Convert).ToList();
}
