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
    private LogAnalyzer? _analyzer;
    private int _pipelineLine;

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

    protected override void BeginProcessing()
    {
        var defaults = new LogRules();
        _analyzer = new LogAnalyzer(new LogRules
        {
            RequestIdFields = RequestIdField ?? defaults.RequestIdFields,
            ForbiddenLevels = ForbiddenLevel ?? defaults.ForbiddenLevels,
            PiiKinds = Pii ?? defaults.PiiKinds,
        });
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "Line")
        {
            foreach (var line in Line) _analyzer!.Add("pipeline", ++_pipelineLine, line);
            return;
        }
        var literal = ParameterSetName == "LiteralPath";
        foreach (var path in ResolveInputPaths(literal ? LiteralPath : Path, literal))
        {
            try
            {
                foreach (var (source, lines) in LogSources.Files(path)) _analyzer!.Read(source, lines);
                _sources.Add(path);
            }
            catch (FileNotFoundException ex)
            {
                WriteItemError(ex, "PathNotFound", ErrorCategory.ObjectNotFound, path);
            }
        }
    }

    protected override void EndProcessing()
    {
        var target = ParameterSetName == "Line" ? "pipeline input" : string.Join(", ", _sources);
        var results = LogsReview.Run(_analyzer!.Result, target, new LogsReview.Options { MinJsonShare = MinJsonShare });
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var r in results) WriteObject(r);
    }
}
