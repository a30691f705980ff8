using k8s.Models;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>
/// An object that runs pods, with its pod template found where its kind keeps it: <c>spec.template</c> (Deployment,
/// StatefulSet, DaemonSet, ReplicaSet, Job, Argo Rollout), <c>spec.jobTemplate.spec.template</c> (CronJob) or the
/// object itself (Pod). <see cref="SpecPath"/> is the field path of the pod spec, for findings.
/// </summary>
public sealed class Workload
{
    public static readonly string[] Kinds = { "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Rollout" };

    private Workload(ManifestObject obj, V1ObjectMeta? podMetadata, V1PodSpec spec, string specPath)
    {
        Object = obj;
        PodLabels = podMetadata?.Labels ?? new Dictionary<string, string>();
        Spec = spec;
        SpecPath = specPath;
    }

    public ManifestObject Object { get; }
    public string Kind => Object.Kind;
    public string Display => Object.Display;
    public string Namespace => Object.Namespace;
    public IDictionary<string, string> PodLabels { get; }
    public V1PodSpec Spec { get; }
    public string SpecPath { get; }

    /// <summary>Keeps a set number of identical pods serving (the kinds replicas, HPAs and PDBs are about).</summary>
    public bool IsReplicated => Kind is "Deployment" or "StatefulSet" or "ReplicaSet" or "Rollout";
    /// <summary>Runs to completion: no probes, PDB or traffic expected.</summary>
    public bool IsBatch => Kind is "Job" or "CronJob";

    /// <summary>spec.replicas where the kind has it (absent means 1, as the API server defaults it).</summary>
    public int? Replicas => Object.Model switch
    {
        V1Deployment d => d.Spec?.Replicas ?? 1,
        V1StatefulSet s => s.Spec?.Replicas ?? 1,
        V1ReplicaSet r => r.Spec?.Replicas ?? 1,
        CustomResource { Kind: "Rollout" } c => c.SpecAt("replicas") is { ValueKind: System.Text.Json.JsonValueKind.Number } n ? n.GetInt32() : 1,
        _ => null,
    };

    public IEnumerable<(V1Container Container, string Path)> Containers =>
        (Spec.Containers ?? new List<V1Container>()).Select((c, i) => (c, $"{SpecPath}.containers[{i}]"));

    public IEnumerable<(V1Container Container, string Path)> InitContainers =>
        (Spec.InitContainers ?? new List<V1Container>()).Select((c, i) => (c, $"{SpecPath}.initContainers[{i}]"));

    public IEnumerable<(V1Container Container, string Path)> AllContainers => InitContainers.Concat(Containers);

    /// <summary>The workloads among <paramref name="objects"/>, leaving out those a controller owns (judged through it).</summary>
    public static IReadOnlyList<Workload> Find(IEnumerable<ManifestObject> objects) =>
        objects.Where(o => !o.IsControlled).Select(From).OfType<Workload>().ToList();

    public static Workload? From(ManifestObject o) => o.Model switch
    {
        V1Pod p when p.Spec is not null => new Workload(o, p.Metadata, p.Spec, "spec"),
        V1Deployment d when d.Spec?.Template?.Spec is not null => new Workload(o, d.Spec.Template.Metadata, d.Spec.Template.Spec, "spec.template.spec"),
        V1StatefulSet s when s.Spec?.Template?.Spec is not null => new Workload(o, s.Spec.Template.Metadata, s.Spec.Template.Spec, "spec.template.spec"),
        V1DaemonSet s when s.Spec?.Template?.Spec is not null => new Workload(o, s.Spec.Template.Metadata, s.Spec.Template.Spec, "spec.template.spec"),
        V1ReplicaSet r when r.Spec?.Template?.Spec is not null => new Workload(o, r.Spec.Template.Metadata, r.Spec.Template.Spec, "spec.template.spec"),
        V1Job j when j.Spec?.Template?.Spec is not null => new Workload(o, j.Spec.Template.Metadata, j.Spec.Template.Spec, "spec.template.spec"),
        V1CronJob c when c.Spec?.JobTemplate?.Spec?.Template?.Spec is not null =>
            new Workload(o, c.Spec.JobTemplate.Spec.Template.Metadata, c.Spec.JobTemplate.Spec.Template.Spec, "spec.jobTemplate.spec.template.spec"),
        CustomResource { Kind: "Rollout" } r when r.SpecAs<V1PodTemplateSpec>("template") is { Spec: not null } t => new Workload(o, t.Metadata, t.Spec, "spec.template.spec"),
        _ => null,
    };
}
