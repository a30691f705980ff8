using System.Collections;
using System.Management.Automation;
using Readiness.Core.Running;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Loads a YAML checklist or imports a Markdown one (task lists, web-copied bullets) into a Checklist object.</summary>
[Cmdlet(VerbsData.Import, "ReadinessChecklist", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Checklist))]
public sealed class ImportReadinessChecklistCmdlet : ReadinessCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "FullName", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    [Parameter]
    public Hashtable? Variable { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Profile { get; set; }

    protected override void ProcessRecord()
    {
        var variables = ToVariables(Variable);
        var profile = Profile is null ? null : ResolvePath(Profile);
        var caller = SessionState.Path.CurrentFileSystemLocation.Path;
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var full in ResolveInputPaths(literal ? LiteralPath : Path, literal))
        {
            // One bad checklist among several is that file's error; the others still load.
            try { WriteObject(ReadinessSession.Load(full, variables, profile, callerDirectory: caller)); }
            catch (Exception ex) when (ex is not PipelineStoppedException && ErrorRecords.Configuration(ex, full) is { } record)
            {
                WriteError(record);
            }
        }
    }
}
