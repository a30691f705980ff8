using Readiness.Core.Running;
using System.Management.Automation;
using System.Text;
using Readiness.Core.Checks.Kubernetes;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Checks workload manifests from files or from the pipeline, so
/// <c>kubectl get deploy,hpa,pdb,svc -o yaml | Test-ReadinessKubernetes</c> checks a live cluster.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ReadinessKubernetes", DefaultParameterSetName = "Path")]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessKubernetesCmdlet : ReadinessCmdlet
{
    private readonly StringBuilder _piped = new();
    private readonly List<K8sObject> _objects = new();

    /// <summary>Manifest files or folders; wildcards allowed.</summary>
    [Parameter(ParameterSetName = "Path", Mandatory = true, Position = 0)]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    // File objects bind here, in a set of its own: a -Path bound by property name in the default set made PowerShell
    // reject piped strings instead of binding them to -InputObject.
    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>YAML text, line by line as kubectl writes it.</summary>
    [Parameter(ParameterSetName = "Yaml", Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string[] InputObject { get; set; } = Array.Empty<string>();

    [Parameter]
    [ValidateSet("replicas", "hpa", "pdb", "probes", "resources", "memory-limit", "rollout", "images", "non-root", "env-secrets", "monitoring")]
    public string[]? Rule { get; set; }

    /// <summary>Largest memory limit per container, e.g. 200Mi or 200MB.</summary>
    [Parameter]
    public string? MaxMemory { get; set; }

    [Parameter]
    [ValidateRange(1, 1000)]
    public int MinReplicas { get; set; } = 2;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "Yaml")
        {
            foreach (var line in InputObject) _piped.AppendLine(line);
            return;
        }
        var literal = ParameterSetName == "LiteralPath";
        foreach (var p in ResolveInputPaths(literal ? LiteralPath : Path, literal))
        {
            try { _objects.AddRange(ManifestReader.ReadPath(p)); }
            catch (ManifestException ex) { WriteItemError(ex, "ManifestInvalid", ErrorCategory.InvalidData, p); }
            catch (FileNotFoundException ex) { WriteItemError(ex, "PathNotFound", ErrorCategory.ObjectNotFound, p); }
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == "Yaml")
        {
            try { _objects.AddRange(ManifestReader.ReadText(_piped.ToString(), "pipeline")); }
            catch (ManifestException ex) { ThrowConfigurationError(ex, "ManifestInvalid", "pipeline"); }
        }
        double? maxMemory = null;
        if (MaxMemory is not null)
        {
            if (!Quantity.TryParse(MaxMemory, out var bytes)) ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-MaxMemory '{MaxMemory}' is not a memory quantity such as 200Mi or 512MB."), "MaxMemoryInvalid", ErrorCategory.InvalidArgument, MaxMemory));
            maxMemory = bytes;
        }
        var results = KubernetesReview.Run(_objects, Rule ?? Array.Empty<string>(), new WorkloadRuleOptions { MaxMemoryBytes = maxMemory, MinReplicas = MinReplicas });
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var r in results) WriteObject(r);
    }
}
