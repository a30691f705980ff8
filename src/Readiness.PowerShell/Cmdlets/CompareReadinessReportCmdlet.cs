using System.Management.Automation;
using Readiness.Core.Reporting;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Lists regressions, fixes, new and removed items and changed figures between two runs.</summary>
[Cmdlet(VerbsData.Compare, "ReadinessReport", DefaultParameterSetName = "Object")]
[OutputType(typeof(ReportComparison), typeof(string))]
public sealed class CompareReadinessReportCmdlet : ReadinessCmdlet
{
    [Parameter(ParameterSetName = "Object", Mandatory = true, Position = 0)]
    public ReadinessReport ReferenceReport { get; set; } = null!;

    [Parameter(ParameterSetName = "Object", Mandatory = true, Position = 1, ValueFromPipeline = true)]
    public ReadinessReport DifferenceReport { get; set; } = null!;

    [Parameter(ParameterSetName = "Path", Mandatory = true, Position = 0)]
    public string ReferencePath { get; set; } = "";

    [Parameter(ParameterSetName = "Path", Mandatory = true, Position = 1)]
    public string DifferencePath { get; set; } = "";

    /// <summary>Return Markdown for a pull-request comment instead of the comparison object.</summary>
    [Parameter]
    public SwitchParameter AsMarkdown { get; set; }

    protected override void ProcessRecord()
    {
        var reference = ParameterSetName == "Path" ? Configured(() => ReportJson.ReadFile(ResolvePath(ReferencePath)), ReferencePath) : ReferenceReport;
        var difference = ParameterSetName == "Path" ? Configured(() => ReportJson.ReadFile(ResolvePath(DifferencePath)), DifferencePath) : DifferenceReport;
        var comparison = ReportComparer.Compare(reference, difference);
        if (AsMarkdown) WriteObject(ReportComparer.ToMarkdown(comparison));
        else WriteObject(comparison);
    }
}
