using System.Collections;
using System.Management.Automation;
using Readiness.Core.Running;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>Loads a YAML checklist or imports a Markdown one (task lists, web-copied bullets) into a Checklist object.</summary>
[Cmdlet(VerbsData.Import, "ReadinessChecklist")]
[OutputType(typeof(Checklist))]
public sealed class ImportReadinessChecklistCmdlet : ReadinessCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter]
    public Hashtable? Variable { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Profile { get; set; }

    protected override void ProcessRecord()
    {
        var variables = ToVariables(Variable);
        var profile = Profile is null ? null : ResolvePath(Profile);
        foreach (var path in Path)
        {
            var full = ResolvePath(path);
            WriteObject(Configured(() => ReadinessSession.Load(full, variables, profile), path));
        }
    }
}
