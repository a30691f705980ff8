using k8s.Models;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>A list the cluster refused (HTTP 403): the rules needing it warn instead of judging on missing data.</summary>
public sealed record ForbiddenList(string Verb, string Resource, string Namespace)
{
    public string Message => $"the cluster refused '{Verb} {Resource}' in namespace {Namespace} (HTTP 403 Forbidden); grant this read permission to judge it";
}

/// <summary>
/// What the rules judge: the objects of the manifests (or of the cluster when no manifests are given), their
/// workloads and, for a live cluster, everything the cluster reported (pods, status) and the lists it refused.
/// </summary>
public sealed class KubernetesInventory
{
    public KubernetesInventory(IReadOnlyList<ManifestObject> objects, ClusterSnapshot? cluster = null)
    {
        Objects = objects;
        Workloads = Workload.Find(objects);
        Cluster = cluster;
    }

    public IReadOnlyList<ManifestObject> Objects { get; }
    public IReadOnlyList<Workload> Workloads { get; }
    public ClusterSnapshot? Cluster { get; }
    public IReadOnlyList<ForbiddenList> Forbidden => Cluster?.Forbidden ?? Array.Empty<ForbiddenList>();

    public IEnumerable<ManifestObject> InNamespace(string kind, string ns) => Objects.Where(o => o.Kind == kind && o.Namespace == ns);
    public IEnumerable<T> InNamespace<T>(string ns) where T : class => Objects.Where(o => o.Namespace == ns).Select(o => o.As<T>()).OfType<T>();

    /// <summary>The HorizontalPodAutoscaler (autoscaling/v2 or v1) scaling <paramref name="w"/>.</summary>
    public Autoscaler? AutoscalerOf(Workload w)
    {
        foreach (var o in InNamespace("HorizontalPodAutoscaler", w.Namespace))
        {
            var found = o.Model switch
            {
                V2HorizontalPodAutoscaler h when Targets(h.Spec?.ScaleTargetRef?.Kind, h.Spec?.ScaleTargetRef?.Name, w) =>
                    new Autoscaler(o, h.Spec!.MinReplicas ?? 1, h.Spec.MaxReplicas, h.Spec.Metrics is { Count: > 0 }),
                V1HorizontalPodAutoscaler h when Targets(h.Spec?.ScaleTargetRef?.Kind, h.Spec?.ScaleTargetRef?.Name, w) =>
                    new Autoscaler(o, h.Spec!.MinReplicas ?? 1, h.Spec.MaxReplicas, h.Spec.TargetCPUUtilizationPercentage is not null),
                _ => null,
            };
            if (found is not null) return found;
        }
        return null;
    }

    public IEnumerable<V1PodDisruptionBudget> BudgetsOf(Workload w) =>
        InNamespace<V1PodDisruptionBudget>(w.Namespace).Where(p => LabelSelectors.Selects(p.Spec?.Selector, w.PodLabels));

    public IEnumerable<V1Service> ServicesOf(Workload w) =>
        InNamespace<V1Service>(w.Namespace).Where(s => LabelSelectors.SelectsMap(s.Spec?.Selector, w.PodLabels));

    private static bool Targets(string? kind, string? name, Workload w) => kind == w.Kind && name == w.Object.Name;
}

public sealed record Autoscaler(ManifestObject Object, int MinReplicas, int MaxReplicas, bool HasMetrics);
