using System.Text.Json;
using k8s.Models;
using static Readiness.Core.Checks.Kubernetes.KubernetesRule;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>What only a running cluster knows: rollout progress, pod health, and the images actually running.</summary>
public static class LiveRules
{
    public static readonly IReadOnlyList<KubernetesRule> All = new KubernetesRule[]
    {
        new() { Name = "rollout-status", Title = "Rollout complete (updated and available replicas as desired)", Severity = Severity.High, LiveOnly = true, PerWorkload = RolloutStatus },
        new() { Name = "pod-health", Title = "Pods Ready and not restarting", Severity = Severity.High, LiveOnly = true, Needs = ["pods"], PerWorkload = PodHealth },
        new() { Name = "running-images", Title = "The cluster runs the images the manifests name", Severity = Severity.Medium, LiveOnly = true, Needs = ["pods"], PerWorkload = RunningImages },
    };

    /// <summary>The cluster's copy of <paramref name="w"/>: itself when judging the cluster, else the object of the same kind and name.</summary>
    private static ManifestObject? LiveCopy(Workload w, KubernetesInventory inv) =>
        inv.Cluster?.Objects.FirstOrDefault(o => o.Kind == w.Kind && o.Name == w.Object.Name && o.Namespace == w.Namespace);

    private static IEnumerable<V1Pod> PodsOf(Workload live, KubernetesInventory inv) =>
        live.Object.Model is V1Pod self ? new[] { self }
            : inv.Cluster!.Objects.Where(o => o.Namespace == live.Namespace).Select(o => o.As<V1Pod>()).OfType<V1Pod>()
                .Where(p => live.PodLabels.Count > 0 && live.PodLabels.All(kv => p.Metadata?.Labels?.TryGetValue(kv.Key, out var v) == true && v == kv.Value));

    private static IReadOnlyList<Finding>? RolloutStatus(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        if (w.IsBatch || w.Kind == "Pod") return null;
        if (LiveCopy(w, inv) is not { } live) return One(w, "(cluster)", $"{w.Display} is not deployed in namespace {w.Namespace}.");
        (int Desired, int Updated, int Available)? counts = live.Model switch
        {
            V1Deployment d => (d.Spec?.Replicas ?? 1, d.Status?.UpdatedReplicas ?? 0, d.Status?.AvailableReplicas ?? 0),
            V1StatefulSet s => (s.Spec?.Replicas ?? 1, s.Status?.UpdatedReplicas ?? 0, s.Status?.AvailableReplicas ?? 0),
            V1ReplicaSet r => (r.Spec?.Replicas ?? 1, r.Status?.FullyLabeledReplicas ?? 0, r.Status?.AvailableReplicas ?? 0),
            V1DaemonSet d => (d.Status?.DesiredNumberScheduled ?? 0, d.Status?.UpdatedNumberScheduled ?? 0, d.Status?.NumberAvailable ?? 0),
            CustomResource c => (Number(c.SpecAt("replicas")) ?? 1, Number(c.StatusAt("updatedReplicas")) ?? 0, Number(c.StatusAt("availableReplicas")) ?? 0),
            _ => null,
        };
        if (counts is not { } n) return null;
        return n.Updated >= n.Desired && n.Available >= n.Desired ? None
            : One(w, "status", $"{w.Display} has {n.Updated} updated and {n.Available} available of {n.Desired} desired replica(s).");
    }

    private static IReadOnlyList<Finding>? PodHealth(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        if (LiveCopy(w, inv) is not { } live || Workload.From(live) is not { } lw) return null;
        var findings = new List<Finding>();
        foreach (var pod in PodsOf(lw, inv).Where(p => p.Status?.Phase is not ("Succeeded" or "Failed")))
        {
            var name = $"Pod/{pod.Metadata?.Name}";
            if (pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") != true)
                findings.Add(new(name, "status.conditions[Ready]", $"{name} of {w.Display} is not Ready."));
            foreach (var (s, i) in (pod.Status?.ContainerStatuses ?? new List<V1ContainerStatus>()).Select((s, i) => (s, i)))
                if (s.RestartCount >= o.MaxRestarts)
                    findings.Add(new(name, $"status.containerStatuses[{i}].restartCount", $"Container {s.Name} of {name} restarted {s.RestartCount} times{(s.State?.Waiting?.Reason is { } why ? $" ({why})" : "")}."));
        }
        return findings;
    }

    /// <summary>With manifests and a cluster: every container of the live pods runs the image the manifest's template names.</summary>
    private static IReadOnlyList<Finding>? RunningImages(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        if (LiveCopy(w, inv) is not { } live || Workload.From(live) is not { } lw) return null;
        var wanted = w.Containers.ToDictionary(c => c.Container.Name ?? "", c => (c.Container.Image, c.Path));
        var findings = new List<Finding>();
        foreach (var pod in PodsOf(lw, inv))
            foreach (var c in pod.Spec?.Containers ?? new List<V1Container>())
                if (wanted.TryGetValue(c.Name ?? "", out var want) && want.Image != c.Image)
                    findings.Add(new(w.Display, $"{want.Path}.image", $"Pod/{pod.Metadata?.Name} runs {c.Image} in container {c.Name}, the manifest names {want.Image}."));
        return findings;
    }

    private static int? Number(JsonElement? e) => e is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : null;
}
