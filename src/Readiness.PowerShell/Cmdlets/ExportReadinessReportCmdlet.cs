using System.Management.Automation;
using Readiness.Core.Reporting;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Renders a report in one of the engine's formats (JSON, Markdown, JUnit, SARIF, HTML, ...): to a file with -Path,
/// otherwise as text on the pipeline. Writing a file is a change of state, so it honours -WhatIf and -Confirm.
/// </summary>
[Cmdlet(VerbsData.Export, "ReadinessReport", SupportsShouldProcess = true)]
[OutputType(typeof(string), typeof(ReadinessReport))]
public sealed class ExportReadinessReportCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public ReadinessReport? InputObject { get; set; }

    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ValidateReportFormat]
    [ArgumentCompleter(typeof(ReportFormatCompleter))]
    public string? Format { get; set; }

    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Writes the report on after exporting it, so a gate can follow.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var report = InputObject!;
        var format = Configured(() => ReportFormatSelection.Choose(Format, Path), Format);
        if (Path is null)
        {
            WriteObject(Configured(() => ReportWriters.Render(report, format), report));
        }
        else
        {
            var full = ResolvePath(Path);
            if (ShouldProcess(full, $"Write the {format} report of {report.ChecklistName}"))
            {
                try { ReportWriters.WriteFile(report, format, full); }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { WriteError(ErrorRecords.Item(ex, full)); return; }
            }
        }
        if (PassThru) WriteObject(report);
    }
}
