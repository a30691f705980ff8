using k8s.Models;
using static Readiness.Core.Checks.Kubernetes.KubernetesRule;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>What stands around a workload: NetworkPolicies, a load balancer or Ingress in front, monitoring.</summary>
public static class TrafficRules
{
    public static readonly IReadOnlyList<KubernetesRule> All = new KubernetesRule[]
    {
        new() { Name = "network-policy", Title = "A NetworkPolicy selects the pods", Severity = Severity.Medium, Needs = ["networkpolicies"], PerWorkload = NetworkPolicy },
        new() { Name = "load-balancer", Title = "Load balancer configured (Service of type LoadBalancer or an Ingress)", Severity = Severity.High, Needs = ["services", "ingresses"], PerWorkload = LoadBalancer },
        new() { Name = "monitoring", Title = "Scraped by Prometheus and alerted on", Severity = Severity.Medium, Needs = ["services", "servicemonitors", "podmonitors", "prometheusrules"], PerWorkload = Monitoring },
    };

    private static IReadOnlyList<Finding>? NetworkPolicy(Workload w, KubernetesInventory inv, RuleOptions o) =>
        inv.InNamespace<V1NetworkPolicy>(w.Namespace).Any(p => LabelSelectors.Selects(p.Spec?.PodSelector, w.PodLabels)) ? None
            : One(w, "(NetworkPolicy)", $"No NetworkPolicy selects the pods of {w.Display}: any pod in the cluster can reach them.");

    private static IReadOnlyList<Finding>? LoadBalancer(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        if (w.IsBatch) return null;
        var services = inv.ServicesOf(w).ToList();
        if (services.Any(s => s.Spec?.Type == "LoadBalancer")) return None;
        var names = services.Select(s => s.Metadata?.Name).ToHashSet();
        var routed = inv.InNamespace<V1Ingress>(w.Namespace).Any(i => BackendServices(i).Any(names.Contains));
        if (routed) return None;
        return One(w, "(Service type LoadBalancer or Ingress)", services.Count == 0
            ? $"No Service selects the pods of {w.Display}, so no load balancer or Ingress can reach them."
            : $"The Service(s) {string.Join(", ", services.Select(s => s.Metadata?.Name))} of {w.Display} are neither of type LoadBalancer nor behind an Ingress.");
    }

    private static IEnumerable<string?> BackendServices(V1Ingress ingress) =>
        (ingress.Spec?.Rules ?? new List<V1IngressRule>()).SelectMany(r => r.Http?.Paths ?? new List<V1HTTPIngressPath>()).Select(p => p.Backend?.Service?.Name)
            .Append(ingress.Spec?.DefaultBackend?.Service?.Name);

    private static IReadOnlyList<Finding>? Monitoring(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        if (w.IsBatch) return null;
        var findings = new List<Finding>();
        var services = inv.ServicesOf(w).ToList();
        var monitored = inv.InNamespace("PodMonitor", w.Namespace).Any(m => LabelSelectors.Selects(m.As<CustomResource>()?.SpecAt("selector"), w.PodLabels))
                        || inv.Objects.Where(m => m.Kind == "ServiceMonitor").Any(m => services.Any(s => LabelSelectors.Selects(m.As<CustomResource>()?.SpecAt("selector"), s.Metadata?.Labels ?? new Dictionary<string, string>())));
        if (!monitored) findings.Add(new(w.Display, "(ServiceMonitor/PodMonitor)", $"No ServiceMonitor or PodMonitor scrapes {w.Display}."));
        if (!inv.InNamespace("PrometheusRule", w.Namespace).Any())
            findings.Add(new(w.Display, "(PrometheusRule)", $"No PrometheusRule in namespace {w.Namespace} alerts on {w.Display}."));
        return findings;
    }
}
