using System.Collections;
using System.Management.Automation;
using Readiness.Core.Running;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Runs a checklist (a file, or a Checklist object piped from Import-ReadinessChecklist) and returns the report with
/// its Go/No-Go decision; or aggregates CheckResult objects piped from Test-* cmdlets into one report.
/// ConfirmImpact is that of its heaviest items (load), so ShouldProcess can prompt for them; each item's own impact
/// decides whether it is asked about (see ReadinessCmdlet).
/// </summary>
[Cmdlet(VerbsCommon.Get, "ReadinessReport", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ReadinessReport))]
[OutputType(typeof(CheckResult))]
public sealed class GetReadinessReportCmdlet : ReadinessCmdlet
{
    private const string PathSet = "Path";
    private const string ObjectSet = "Checklist";
    private const string ResultSet = "Result";

    private ResultAggregatorHandle? _aggregator;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Checklist { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
    [ValidateNotNull]
    public Checklist? InputObject { get; set; }

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ResultSet)]
    [AllowEmptyCollection]
    [CheckResultTransformation]
    public CheckResult[] Result { get; set; } = Array.Empty<CheckResult>();

    [Parameter(ParameterSetName = PathSet)]
    public Hashtable? Variable { get; set; }

    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Profile { get; set; }

    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ObjectSet)]
    [ValidateRange(1, 256)]
    public int? Parallel { get; set; }

    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ObjectSet)]
    [ValidateRange(1, 86400)]
    [TimeoutSecTransformation]
    [Alias("TimeoutSeconds", "Timeout")]
    public int? TimeoutSec { get; set; }

    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ObjectSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ChecklistSectionCompleter))]
    public string[] Section { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ObjectSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(ChecklistItemIdCompleter))]
    public string[] Id { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ObjectSet)]
    [ValidateNotNullOrEmpty]
    public string? EvidencePath { get; set; }

    /// <summary>Runbook mode: rerun only the items that Failed or Errored in this previous JSON report.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ObjectSet)]
    [ValidateNotNullOrEmpty]
    public string? OnlyFailedFrom { get; set; }

    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = ObjectSet)]
    [AsOfTransformation]
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>Writes the report's CheckResult objects instead of the report, for Where-Object and friends.</summary>
    [Parameter]
    public SwitchParameter ResultsOnly { get; set; }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case ResultSet:
                _aggregator ??= new ResultAggregatorHandle();
                _aggregator.Add(Result);
                break;
            case ObjectSet:
                Write(Run(new RunRequest { Checklist = InputObject }, InputObject));
                break;
            default:
                Write(Run(new RunRequest
                {
                    ChecklistPath = ResolvePath(Checklist),
                    Variables = ToVariables(Variable),
                    ProfilePath = Profile is null ? null : ResolvePath(Profile),
                    CallerDirectory = SessionState.Path.CurrentFileSystemLocation.Path,
                }, Checklist));
                break;
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == ResultSet) Write(_aggregator?.Build() ?? new ResultAggregatorHandle().Build());
    }

    private ReadinessReport Run(RunRequest request, object? target)
    {
        request.EvidencePath = EvidencePath is null ? null : ResolvePath(EvidencePath);
        request.Options = new RunOptions
        {
            Parallel = Parallel,
            TimeoutSeconds = TimeoutSec,
            Sections = Section.ToList(),
            Ids = Id.ToList(),
            AsOf = AsOf,
        };
        var previous = OnlyFailedFrom is null ? null : ResolvePath(OnlyFailedFrom);
        return Configured(() =>
        {
            if (previous is not null) PreviousRun.Apply(request.Options, previous);
            return RunEngine((host, ct) => ReadinessSession.RunAsync(request, host, ct));
        }, target);
    }

    private void Write(ReadinessReport report)
    {
        PublishToCi(report);
        if (ResultsOnly) WriteObject(report.Results, enumerateCollection: true);
        else WriteObject(report);
    }

    /// <summary>Keeps the engine's aggregator out of the cmdlet's fields' declared types (see ReadinessCmdlet).</summary>
    private sealed class ResultAggregatorHandle
    {
        private readonly object _aggregator = new ResultAggregator();
        public void Add(IEnumerable<CheckResult> results) => ((ResultAggregator)_aggregator).AddRange(results);
        public ReadinessReport Build() => ((ResultAggregator)_aggregator).Build();
    }
}
