using System.Management.Automation;
using System.Text;
using Readiness.Core.Running;
using Readiness.PowerShell.Hosting;

namespace Readiness.PowerShell.Cmdlets;

/// <summary>
/// Checks workloads from manifest files, from YAML on the pipeline (<c>kubectl get deploy,hpa,pdb,svc -o yaml |
/// Test-ReadinessKubernetes</c>) or from a live namespace (<c>-Context</c>/<c>-Namespace</c>): one result per rule,
/// through the same check a checklist item of type kubernetes runs.
/// </summary>
// Cluster is the default set so -Namespace alone (no -Path, nothing piped) reads the live namespace.
[Cmdlet(VerbsDiagnostic.Test, "ReadinessKubernetes", DefaultParameterSetName = "Cluster")]
[OutputType(typeof(CheckResult), typeof(bool))]
public sealed class TestReadinessKubernetesCmdlet : ReadinessCmdlet
{
    private readonly StringBuilder _piped = new();
    private readonly List<string> _paths = new();

    [Parameter(ParameterSetName = "Path", Mandatory = true, Position = 0)]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    // File objects bind here, in a set of its own: a -Path bound by property name in the default set made PowerShell
    // reject piped strings instead of binding them to -InputObject.
    [Parameter(ParameterSetName = "LiteralPath", Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName", "LP")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = "Yaml", Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string[] InputObject { get; set; } = Array.Empty<string>();

    [Parameter(ParameterSetName = "Cluster", Mandatory = true)]
    [Parameter(ParameterSetName = "Path")]
    [Parameter(ParameterSetName = "LiteralPath")]
    [Parameter(ParameterSetName = "Yaml")]
    [ValidateNotNullOrEmpty]
    public string? Namespace { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Context { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Kubeconfig { get; set; }

    [Parameter]
    [ValidateSet("replicas", "hpa", "hpa-range", "pdb", "pdb-drain", "probes", "resources", "memory-limit", "rollout", "images", "image-pull-policy",
        "env-secrets", "configmap-secrets", "non-root", "privilege-escalation", "privileged", "capabilities", "read-only-root-filesystem",
        "host-namespaces", "host-path", "network-policy", "load-balancer", "monitoring", "rollout-status", "pod-health", "running-images")]
    public string[]? Rule { get; set; }

    [Parameter]
    public string? Workload { get; set; }

    [Parameter]
    public string? MaxMemory { get; set; }

    [Parameter]
    [ValidateRange(1, 1000)]
    public int MinReplicas { get; set; } = 2;

    [Parameter]
    [ValidateRange(1, 10000)]
    public int MaxRestarts { get; set; } = 3;

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == "Yaml") { foreach (var line in InputObject) _piped.AppendLine(line); return; }
        if (ParameterSetName == "Cluster") return;
        var literal = ParameterSetName == "LiteralPath";
        _paths.AddRange(ResolveInputPaths(literal ? LiteralPath : Path, literal));
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName is "Path" or "LiteralPath" && _paths.Count == 0) return; // every path already reported as not found
        // A live cluster is asked for when a context, namespace or kubeconfig is named; -Namespace alone with files only sets their default.
        var cluster = Context is not null || Kubeconfig is not null || ParameterSetName == "Cluster";
        var parameters = new Dictionary<string, object?>
        {
            ["path"] = _paths.Count > 0 ? CheckArguments.ToList(_paths.ToArray()) : null,
            ["yaml"] = ParameterSetName == "Yaml" ? _piped.ToString() : null,
            ["context"] = Context,
            ["namespace"] = cluster || Namespace is null ? Namespace : null,
            ["kubeconfig"] = Kubeconfig is null ? null : ResolvePath(Kubeconfig),
            ["rule"] = Rule is null ? null : CheckArguments.ToList(Rule),
            ["workload"] = Workload,
            ["maxMemory"] = MaxMemory,
            ["minReplicas"] = (long)MinReplicas,
            ["maxRestarts"] = (long)MaxRestarts,
        };
        var cwd = SessionState.Path.CurrentFileSystemLocation.Path;
        var results = RunEngine((host, ct) => new AdHocRun("Kubernetes", cwd) { Host = host }
            .Add("kubernetes", "kubernetes", "Kubernetes workloads follow production rules", Severity.High, parameters, section: "Kubernetes")
            .RunAsync(ct));
        if (Quiet) WriteObject(CheckStatusRules.Quiet(results));
        else foreach (var r in results) WriteObject(r);
    }
}
