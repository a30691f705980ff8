using Readiness.Core.Running;
using System.Management.Automation;
using Readiness.Core.Checks.Logs;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Checks log lines (files, a folder, or lines from the pipeline) for JSON, request ids, levels and PII in clear.</summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessLogs", DefaultParameterSetName = "Path")]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessLogsCmdlet : ReadinessCmdlet
{
    private readonly List<string> _sources = new();

    /// <summary>Log files or folders; wildcards allowed.</summary>
    [Parameter(ParameterSetName = "Path", Mandatory = true, Position = 0)]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    // File objects bind here, in a set of its own: a -Path bound by property name in the default set made PowerShell
    // reject piped strings instead of binding them to -Line.
    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Log lines, e.g. from <c>kubectl logs deploy/api |</c>.</summary>
    [Parameter(ParameterSetName = "Line", Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string[] Line { get; set; } = Array.Empty<string>();

    [Parameter]
    public string[]? RequestIdField { get; set; }

    [Parameter]
    public string[]? ForbiddenLevel { get; set; }

    [Parameter]
    [ValidateSet("email", "card", "national-id", "phone", "jwt", "bearer", "ip")]
    public string[]? Pii { get; set; }

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double MinJsonShare { get; set; } = 1.0;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    private readonly List<string> _lines = new();

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "Line")
        {
            _lines.AddRange(Line);
            return;
        }
        var literal = ParameterSetName == "LiteralPath";
        foreach (var path in ResolveInputPaths(literal ? LiteralPath : Path, literal))
        {
            if (File.Exists(path) || Directory.Exists(path)) _sources.Add(path);
            else WriteItemError(new FileNotFoundException($"No log file or folder at {path}."), "PathNotFound", ErrorCategory.ObjectNotFound, path);
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != "Line" && _sources.Count == 0) return;
        var parameters = new Dictionary<string, object?>
        {
            ["lines"] = ParameterSetName == "Line" ? _lines : null,
            ["path"] = ParameterSetName == "Line" ? null : _sources,
            ["requestIdFields"] = RequestIdField,
            ["forbiddenLevels"] = ForbiddenLevel,
            ["pii"] = Pii,
            ["minJsonShare"] = MinJsonShare,
        };
        var results = RunItems("logs", null, run => run.Add("logs", "logs", "Logs", Severity.Medium, parameters, section: "Logging"));
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var r in results) WriteObject(r);
    }
}
