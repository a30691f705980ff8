using System.Management.Automation;
using Readiness.Core.Running;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Checks Prometheus rule files (and optionally their routing through an Alertmanager configuration): one result
/// for the rules, one for the routing when -AlertmanagerConfig is given.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessAlerts", DefaultParameterSetName = "Path")]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessAlertsCmdlet : ReadinessCmdlet
{
    private readonly List<string> _files = new();

    /// <summary>Prometheus rule files; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Path")]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "LiteralPath")]
    [Alias("PSPath", "FullName", "LP")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Required alerts by intent: hashtables with description, metrics, op, threshold, quantile, severity, alert.</summary>
    [Parameter]
    public System.Collections.Hashtable[]? Require { get; set; }

    [Parameter]
    public string[]? RequireLabel { get; set; }

    [Parameter]
    public string[]? RequireAnnotation { get; set; }

    [Parameter]
    public string? AlertmanagerConfig { get; set; }

    [Parameter]
    public string[]? PagingReceiver { get; set; }

    [Parameter]
    public string[] Severity { get; set; } = { "critical" };

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == "LiteralPath";
        _files.AddRange(ResolveInputPaths(literal ? LiteralPath : Path, literal));
    }

    protected override void EndProcessing()
    {
        // Every rule file was missing: each already has its error, and judging no rules would only add a misleading Failed.
        if (_files.Count == 0)
        {
            if (Quiet) WriteObject(false);
            return;
        }
        var files = _files.Cast<object?>().ToList();
        var rules = new Dictionary<string, object?>
        {
            ["files"] = files,
            ["require"] = Require is null ? null : CheckArguments.ToList(Require),
            ["requireLabels"] = RequireLabel is null ? null : CheckArguments.ToList(RequireLabel),
            ["requireAnnotations"] = RequireAnnotation is null ? null : CheckArguments.ToList(RequireAnnotation),
        };
        var routing = AlertmanagerConfig is null ? null : new Dictionary<string, object?>
        {
            ["config"] = ResolvePath(AlertmanagerConfig),
            ["rules"] = files,
            ["severities"] = CheckArguments.ToList(Severity),
            ["pagingReceivers"] = PagingReceiver is null ? null : CheckArguments.ToList(PagingReceiver),
        };
        var results = RunItems("alerts", null, run =>
        {
            run.Add("prometheus-rules", "alerts.rules", "Alert rules well-formed and present", Readiness.Severity.High, rules);
            if (routing is not null) run.Add("alert-routing", "alerts.routing", "Alerts routed to on-call", Readiness.Severity.High, routing);
        });
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var r in results) WriteObject(r);
    }
}
