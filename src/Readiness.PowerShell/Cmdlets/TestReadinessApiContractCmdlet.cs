using Readiness.Core.Running;
using System.Collections;
using System.Management.Automation;
using Readiness.Core.Checks.OpenApi;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Checks an OpenAPI spec and, with -BaseUri, that every documented path answers on the live service.</summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessApiContract")]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessApiContractCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public string Spec { get; set; } = "";

    [Parameter(Position = 1)]
    public Uri? BaseUri { get; set; }

    [Parameter]
    public string? RoutesUri { get; set; }

    [Parameter]
    public Hashtable? PathParameter { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void EndProcessing()
    {
        var spec = Uri.TryCreate(Spec, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http") ? Spec : ResolvePath(Spec);
        var parameters = PathParameter?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => (object?)e.Value?.ToString()) ?? new Dictionary<string, object?>();
        var results = RunEngine((host, ct) => ApiContractReview.RunAsync(spec, BaseUri?.ToString().TrimEnd('/'), RoutesUri, parameters, TimeSpan.FromSeconds(TimeoutSeconds), host, ct));
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var r in results) WriteObject(r);
    }
}
