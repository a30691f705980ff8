using k8s.Models;
using static Readiness.Core.Checks.Kubernetes.KubernetesRule;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>Pod and container security context rules (the Pod Security Standards' baseline and restricted fields).</summary>
public static class SecurityRules
{
    public static readonly IReadOnlyList<KubernetesRule> All = new KubernetesRule[]
    {
        new() { Name = "non-root", Title = "Containers run as a non-root user", Severity = Severity.Medium, PerWorkload = NonRoot },
        new() { Name = "privilege-escalation", Title = "allowPrivilegeEscalation is false", Severity = Severity.High, PerWorkload = PrivilegeEscalation },
        new() { Name = "privileged", Title = "No privileged containers", Severity = Severity.Critical, PerWorkload = Privileged },
        new() { Name = "capabilities", Title = "Capabilities: drop ALL, add none", Severity = Severity.High, PerWorkload = Capabilities },
        new() { Name = "read-only-root-filesystem", Title = "Root filesystem read-only", Severity = Severity.Medium, PerWorkload = ReadOnlyRoot },
        new() { Name = "host-namespaces", Title = "No hostNetwork, hostPID or hostIPC", Severity = Severity.High, PerWorkload = HostNamespaces },
        new() { Name = "host-path", Title = "No hostPath volumes", Severity = Severity.High, PerWorkload = HostPath },
    };

    /// <summary>Capabilities a container may add without widening what it can do to the node.</summary>
    private static readonly string[] HarmlessCapabilities = { "NET_BIND_SERVICE" };

    private static string Name(V1Container c) => c.Name ?? "(unnamed)";

    private static IReadOnlyList<Finding>? NonRoot(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        var pod = w.Spec.SecurityContext;
        var podNonRoot = pod?.RunAsNonRoot == true || pod?.RunAsUser > 0;
        return w.AllContainers
            .Where(c => c.Container.SecurityContext?.RunAsNonRoot == false || c.Container.SecurityContext?.RunAsUser == 0
                        || !podNonRoot && c.Container.SecurityContext?.RunAsNonRoot != true && !(c.Container.SecurityContext?.RunAsUser > 0))
            .Select(c => new Finding(w.Display, $"{c.Path}.securityContext.runAsNonRoot", $"Container {Name(c.Container)} of {w.Display} may run as root (runAsNonRoot is not true)."))
            .ToList();
    }

    private static IReadOnlyList<Finding>? PrivilegeEscalation(Workload w, KubernetesInventory inv, RuleOptions o) =>
        w.AllContainers.Where(c => c.Container.SecurityContext?.AllowPrivilegeEscalation != false)
            .Select(c => new Finding(w.Display, $"{c.Path}.securityContext.allowPrivilegeEscalation",
                $"Container {Name(c.Container)} of {w.Display} {(c.Container.SecurityContext?.AllowPrivilegeEscalation == true ? "sets allowPrivilegeEscalation true" : "does not set allowPrivilegeEscalation false")}: a setuid binary could gain root."))
            .ToList();

    private static IReadOnlyList<Finding>? Privileged(Workload w, KubernetesInventory inv, RuleOptions o) =>
        w.AllContainers.Where(c => c.Container.SecurityContext?.Privileged == true)
            .Select(c => new Finding(w.Display, $"{c.Path}.securityContext.privileged", $"Container {Name(c.Container)} of {w.Display} is privileged: it has every device and capability of the node."))
            .ToList();

    private static IReadOnlyList<Finding>? Capabilities(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        var findings = new List<Finding>();
        foreach (var (c, path) in w.AllContainers)
        {
            var caps = c.SecurityContext?.Capabilities;
            foreach (var (cap, i) in (caps?.Add ?? new List<string>()).Select((x, i) => (x, i)))
                if (!HarmlessCapabilities.Contains(cap, StringComparer.OrdinalIgnoreCase))
                    findings.Add(new(w.Display, $"{path}.securityContext.capabilities.add[{i}]", $"Container {Name(c)} of {w.Display} adds capability {cap}."));
            if (caps?.Drop?.Any(d => d.Equals("ALL", StringComparison.OrdinalIgnoreCase)) != true)
                findings.Add(new(w.Display, $"{path}.securityContext.capabilities.drop", $"Container {Name(c)} of {w.Display} does not drop ALL capabilities."));
        }
        return findings;
    }

    private static IReadOnlyList<Finding>? ReadOnlyRoot(Workload w, KubernetesInventory inv, RuleOptions o) =>
        w.AllContainers.Where(c => c.Container.SecurityContext?.ReadOnlyRootFilesystem != true)
            .Select(c => new Finding(w.Display, $"{c.Path}.securityContext.readOnlyRootFilesystem", $"Container {Name(c.Container)} of {w.Display} can write to its root filesystem (readOnlyRootFilesystem is not true)."))
            .ToList();

    private static IReadOnlyList<Finding>? HostNamespaces(Workload w, KubernetesInventory inv, RuleOptions o) =>
        new (string Field, bool? Set)[] { ("hostNetwork", w.Spec.HostNetwork), ("hostPID", w.Spec.HostPID), ("hostIPC", w.Spec.HostIPC) }
            .Where(x => x.Set == true)
            .Select(x => new Finding(w.Display, $"{w.SpecPath}.{x.Field}", $"{w.Display} sets {x.Field}: its pods share the node's {x.Field[4..]} namespace."))
            .ToList();

    private static IReadOnlyList<Finding>? HostPath(Workload w, KubernetesInventory inv, RuleOptions o) =>
        (w.Spec.Volumes ?? new List<V1Volume>()).Select((v, i) => (v, i)).Where(x => x.v.HostPath is not null)
            .Select(x => new Finding(w.Display, $"{w.SpecPath}.volumes[{x.i}].hostPath", $"{w.Display} mounts the node's {x.v.HostPath.Path} (volume {x.v.Name})."))
            .ToList();
}
