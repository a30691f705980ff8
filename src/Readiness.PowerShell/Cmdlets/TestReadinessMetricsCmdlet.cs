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
    public string Uri { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = "Path", ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    public string Path { get; set; } = "";

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
    public int TimeoutSeconds { get; set; } = 10;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var parameters = new Dictionary<string, object?>
        {
            ["url"] = ParameterSetName == "Uri" ? Uri : null,
            ["file"] = ParameterSetName == "Path" ? ResolvePath(Path) : null,
            ["format"] = Format,
            ["bearerTokenEnv"] = BearerTokenVariable,
            ["require"] = Require is null ? null : CheckArguments.ToList(Require),
            ["timeout"] = $"{TimeoutSeconds}s",
        };
        var result = RunEngine((host, ct) => AdHocCheck.RunAsync("metrics", "metrics", "/metrics endpoint scraped", parameters, host, ct,
            SessionState.Path.CurrentFileSystemLocation.Path, TimeSpan.FromSeconds(TimeoutSeconds + 5)));
        WriteObject(Quiet ? CheckStatusRules.Quiet(new[] { result }) : result);
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
