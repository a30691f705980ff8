using Readiness.Core.Running;
using System.Collections;
using System.Management.Automation;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Checks an OpenAPI spec and, with -BaseUri, that every documented path answers on the live service.</summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessApiContract")]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessApiContractCmdlet : ReadinessCmdlet
{
    /// <summary>The OpenAPI document: a file (wildcards allowed when they match one file) or an http(s):// URL.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Path", "PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string Spec { get; set; } = "";

    [Parameter(Position = 1)]
    [ValidateUriScheme("http", "https")]
    public Uri? BaseUri { get; set; }

    [Parameter]
    public string? RoutesUri { get; set; }

    [Parameter]
    public Hashtable? PathParameter { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    [TimeoutSecTransformation]
    [Alias("TimeoutSeconds", "Timeout")]
    public int TimeoutSec { get; set; } = 30;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var spec = Uri.TryCreate(Spec, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http") ? Spec : ResolveExistingPath(Spec);
        if (spec is null) return;
        var parameters = new Dictionary<string, object?>
        {
            ["spec"] = spec,
            ["baseUrl"] = BaseUri?.ToString().TrimEnd('/'),
            ["routes"] = RoutesUri,
            ["pathParameters"] = PathParameter?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => (object?)e.Value?.ToString()),
            ["timeout"] = $"{TimeoutSec}s",
        };
        // Each request may take -TimeoutSec; the item as a whole (spec, live probes, routes) a few of them.
        var results = RunItems("the API contract", TimeSpan.FromSeconds(TimeoutSec * 4 + 5),
            run => run.Add("openapi", "api", "API contract", Severity.High, parameters, section: "API Documentation"), Spec);
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var r in results) WriteObject(r);
    }
}
