using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using Readiness.Core.Checks.Env;
using static Readiness.Core.Checks.Kubernetes.KubernetesRule;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>Availability and resource rules: replicas, autoscaling, disruption budgets, probes, resources, rollouts, images.</summary>
public static partial class WorkloadRules
{
    public static readonly IReadOnlyList<KubernetesRule> All = new KubernetesRule[]
    {
        new() { Name = "replicas", Title = "Runs at least the minimum number of replicas", Severity = Severity.High, Needs = ["horizontalpodautoscalers"], PerWorkload = Replicas },
        new() { Name = "hpa", Title = "A HorizontalPodAutoscaler scales the workload", Severity = Severity.Medium, Needs = ["horizontalpodautoscalers"], PerWorkload = Hpa },
        new() { Name = "hpa-range", Title = "The HorizontalPodAutoscaler can scale (maximum above minimum)", Severity = Severity.Medium, Needs = ["horizontalpodautoscalers"], PerWorkload = HpaRange },
        new() { Name = "pdb", Title = "A PodDisruptionBudget selects the pods", Severity = Severity.Medium, Needs = ["poddisruptionbudgets"], PerWorkload = Pdb },
        new() { Name = "pdb-drain", Title = "The PodDisruptionBudget still lets a node drain", Severity = Severity.Medium, Needs = ["poddisruptionbudgets", "horizontalpodautoscalers"], PerWorkload = PdbDrain },
        new() { Name = "probes", Title = "Containers have readiness and liveness probes", Severity = Severity.High, PerWorkload = Probes },
        new() { Name = "resources", Title = "Containers request and limit CPU and memory", Severity = Severity.Medium, PerWorkload = Resources },
        new() { Name = "memory-limit", Title = "Container memory limits within the allowed maximum", Severity = Severity.Medium, PerWorkload = MemoryLimit },
        new() { Name = "rollout", Title = "Rollouts replace pods without downtime", Severity = Severity.Medium, PerWorkload = Rollout },
        new() { Name = "images", Title = "Images pinned to a version tag or digest", Severity = Severity.Medium, PerWorkload = Images },
        new() { Name = "image-pull-policy", Title = "Images pulled with imagePullPolicy Always (or pinned by digest)", Severity = Severity.Low, PerWorkload = ImagePullPolicy },
        new() { Name = "env-secrets", Title = "No literal secrets in container env", Severity = Severity.High, PerWorkload = EnvSecrets },
        new() { Name = "configmap-secrets", Title = "No credentials in ConfigMaps", Severity = Severity.High, Needs = ["configmaps"], PerInventory = ConfigMapSecrets },
    };

    private static string Container(V1Container c) => c.Name ?? "(unnamed)";

    private static IReadOnlyList<Finding>? Replicas(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        if (!w.IsReplicated) return null;
        if (inv.AutoscalerOf(w) is { } hpa)
            return hpa.MinReplicas >= o.MinReplicas ? None : new[] { new Finding(hpa.Object.Display, "spec.minReplicas",
                $"{hpa.Object.Display} lets {w.Display} scale down to {hpa.MinReplicas} replica(s); at least {o.MinReplicas} are needed to survive losing one.") };
        var replicas = w.Replicas ?? 1;
        return replicas >= o.MinReplicas ? None : One(w, "spec.replicas",
            $"{w.Display} runs {replicas} replica(s) and has no HorizontalPodAutoscaler; at least {o.MinReplicas} are needed.");
    }

    private static IReadOnlyList<Finding>? Hpa(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        if (!w.IsReplicated) return null;
        var hpa = inv.AutoscalerOf(w);
        if (hpa is null) return One(w, "(HorizontalPodAutoscaler)", $"{w.Display} has no HorizontalPodAutoscaler targeting it.");
        return hpa.HasMetrics ? None : new[] { new Finding(hpa.Object.Display, "spec.metrics", $"{hpa.Object.Display} has no metric target, so it never scales.") };
    }

    private static IReadOnlyList<Finding>? HpaRange(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        if (!w.IsReplicated || inv.AutoscalerOf(w) is not { } hpa) return null;
        return hpa.MaxReplicas > hpa.MinReplicas ? None : new[] { new Finding(hpa.Object.Display, "spec.maxReplicas",
            $"{hpa.Object.Display} has maxReplicas {hpa.MaxReplicas} and minReplicas {hpa.MinReplicas}: it can never add a pod under load.") };
    }

    private static IReadOnlyList<Finding>? Pdb(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        if (!w.IsReplicated) return null;
        return inv.BudgetsOf(w).Any() ? None
            : One(w, "(PodDisruptionBudget)", $"No PodDisruptionBudget selects the pods of {w.Display}; a node drain can take them all down at once.");
    }

    /// <summary>A budget that allows no disruption at the smallest size the workload runs at blocks every node drain.</summary>
    private static IReadOnlyList<Finding>? PdbDrain(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        if (!w.IsReplicated) return null;
        var budgets = inv.BudgetsOf(w).ToList();
        if (budgets.Count == 0) return null;
        var floor = inv.AutoscalerOf(w)?.MinReplicas ?? w.Replicas ?? 1;
        var findings = new List<Finding>();
        foreach (var pdb in budgets)
        {
            var name = $"PodDisruptionBudget/{pdb.Metadata?.Name}";
            if (pdb.Spec?.MinAvailable is { } min && Allowed(min.Value, floor) is var minPods && minPods >= floor)
                findings.Add(new(name, "spec.minAvailable", $"{name} requires minAvailable {min.Value} of {w.Display}, which runs as few as {floor} pod(s): no pod may ever be evicted, so every node drain blocks."));
            else if (pdb.Spec?.MaxUnavailable is { } max && Allowed(max.Value, floor) == 0)
                findings.Add(new(name, "spec.maxUnavailable", $"{name} allows maxUnavailable {max.Value} of {w.Display}: no pod may ever be evicted, so every node drain blocks."));
        }
        return findings;
    }

    /// <summary>An IntOrString of a budget as pods out of <paramref name="of"/> (percentages round up, as the disruption controller does).</summary>
    private static int Allowed(string value, int of) =>
        value.EndsWith('%') && int.TryParse(value[..^1], out var pct) ? (int)Math.Ceiling(of * pct / 100.0) : int.TryParse(value, out var n) ? n : 0;

    private static IReadOnlyList<Finding>? Probes(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        if (w.IsBatch) return null;
        return w.Containers.SelectMany(c => new (string Name, V1Probe? Probe)[] { ("readinessProbe", c.Container.ReadinessProbe), ("livenessProbe", c.Container.LivenessProbe) }
                .Where(p => p.Probe is null)
                .Select(p => new Finding(w.Display, $"{c.Path}.{p.Name}", $"Container {Container(c.Container)} of {w.Display} has no {p.Name}.")))
            .ToList();
    }

    private static IReadOnlyList<Finding>? Resources(Workload w, KubernetesInventory inv, RuleOptions o) =>
        w.Containers.SelectMany(c => new[] { ("requests", "cpu"), ("requests", "memory"), ("limits", "cpu"), ("limits", "memory") }
                .Where(r => !((r.Item1 == "requests" ? c.Container.Resources?.Requests : c.Container.Resources?.Limits)?.ContainsKey(r.Item2) ?? false))
                .Select(r => new Finding(w.Display, $"{c.Path}.resources.{r.Item1}.{r.Item2}", $"Container {Container(c.Container)} of {w.Display} sets no {r.Item1} {r.Item2}.")))
            .ToList();

    private static IReadOnlyList<Finding>? MemoryLimit(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        var findings = new List<Finding>();
        foreach (var (c, path) in w.Containers)
        {
            var field = $"{path}.resources.limits.memory";
            if (c.Resources?.Limits?.TryGetValue("memory", out var limit) != true) { findings.Add(new(w.Display, field, $"Container {Container(c)} of {w.Display} has no memory limit.")); continue; }
            if (!Quantity.TryParse(limit, out var bytes)) { findings.Add(new(w.Display, field, $"Container {Container(c)} of {w.Display} has an unreadable memory limit '{limit}'.")); continue; }
            if (o.MaxMemoryBytes is { } max && bytes > max)
                findings.Add(new(w.Display, field, $"Container {Container(c)} of {w.Display} may use {limit} ({Quantity.Megabytes(bytes)}), above the {Quantity.Megabytes(max)} per instance the checklist allows."));
        }
        return findings;
    }

    private static IReadOnlyList<Finding>? Rollout(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        switch (w.Object.Model)
        {
            case CustomResource r:
                return r.SpecAt("strategy", "blueGreen") is not null || r.SpecAt("strategy", "canary") is not null ? None
                    : One(w, "spec.strategy", $"{w.Display} declares neither a blueGreen nor a canary strategy.");
            case V1StatefulSet s:
                var sType = s.Spec?.UpdateStrategy?.Type ?? "RollingUpdate";
                return sType == "RollingUpdate" ? None : One(w, "spec.updateStrategy.type", $"{w.Display} uses updateStrategy {sType}; pods are only replaced by hand.");
            case V1DaemonSet d:
                var dType = d.Spec?.UpdateStrategy?.Type ?? "RollingUpdate";
                return dType == "RollingUpdate" ? None : One(w, "spec.updateStrategy.type", $"{w.Display} uses updateStrategy {dType}; pods are only replaced by hand.");
            case V1ReplicaSet:
                return One(w, "metadata.ownerReferences", $"{w.Display} is a bare ReplicaSet: changing its template replaces no pod; manage it through a Deployment.");
            case V1Deployment dep:
                var type = dep.Spec?.Strategy?.Type ?? "RollingUpdate";
                if (type == "Recreate") return One(w, "spec.strategy.type", $"{w.Display} uses the Recreate strategy: every pod stops before the new ones start (downtime on each deploy).");
                var maxUnavailable = dep.Spec?.Strategy?.RollingUpdate?.MaxUnavailable?.Value ?? "25%";
                return maxUnavailable is "0" or "0%" ? None
                    : One(w, "spec.strategy.rollingUpdate.maxUnavailable", $"{w.Display} allows maxUnavailable {maxUnavailable} during a rollout; set it to 0 so capacity never drops.");
            default:
                return null;
        }
    }

    private static IReadOnlyList<Finding>? Images(Workload w, KubernetesInventory inv, RuleOptions o) =>
        w.AllContainers.Where(c => !IsPinned(c.Container.Image ?? ""))
            .Select(c => new Finding(w.Display, $"{c.Path}.image", $"Container {Container(c.Container)} of {w.Display} uses image '{c.Container.Image}', which is not pinned to a version tag or digest."))
            .ToList();

    public static bool IsPinned(string image)
    {
        if (image.Contains("@sha256:", StringComparison.Ordinal)) return true;
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        if (colon < 0) return false;
        var tag = image[(colon + 1)..];
        return tag.Length > 0 && !tag.Equals("latest", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A tag can be pushed again; only Always (or a digest) makes every node run the image the manifest names.</summary>
    private static IReadOnlyList<Finding>? ImagePullPolicy(Workload w, KubernetesInventory inv, RuleOptions o) =>
        w.AllContainers.Where(c => c.Container.ImagePullPolicy != "Always" && !(c.Container.Image ?? "").Contains("@sha256:", StringComparison.Ordinal))
            .Select(c => new Finding(w.Display, $"{c.Path}.imagePullPolicy",
                $"Container {Container(c.Container)} of {w.Display} has imagePullPolicy {c.Container.ImagePullPolicy ?? "unset (IfNotPresent for a tagged image)"}: a node may keep running an old image pushed under the same tag."))
            .ToList();

    private static IReadOnlyList<Finding>? EnvSecrets(Workload w, KubernetesInventory inv, RuleOptions o)
    {
        var findings = new List<Finding>();
        foreach (var (c, path) in w.AllContainers)
            foreach (var (env, i) in (c.Env ?? new List<V1EnvVar>()).Select((e, i) => (e, i)))
                if (IsCredential(env.Name ?? "", env.Value))
                    findings.Add(new(w.Display, $"{path}.env[{i}].value", $"Container {Container(c)} of {w.Display} sets {env.Name} to a literal value; use valueFrom.secretKeyRef."));
        return findings;
    }

    /// <summary>Key names and values only: a value is judged, never written into a finding.</summary>
    private static IReadOnlyList<Finding> ConfigMapSecrets(KubernetesInventory inv, RuleOptions o) =>
        inv.Objects.Select(m => (m, Map: m.As<V1ConfigMap>())).Where(x => x.Map is not null)
            .SelectMany(x => (x.Map!.Data ?? new Dictionary<string, string>())
                .Where(kv => IsCredential(kv.Key, kv.Value))
                .Select(kv => new Finding(x.m.Display, $"data.{kv.Key}", $"{x.m.Display} holds what looks like a credential under key {kv.Key}; move it to a Secret.")))
            .ToList();

    private static bool IsCredential(string name, string? value) =>
        !string.IsNullOrEmpty(value) && (SecretName().IsMatch(name) && !SecretStrength.IsPlaceholder(value) && !IsReference(value) || LooksLikeSecret(value));

    /// <summary>DB_PASSWORD_FILE=/run/secrets/db or TOKEN_URL=https://...: names a secret, is none.</summary>
    private static bool IsReference(string value) => value.StartsWith('/') || value.Contains("://", StringComparison.Ordinal);

    /// <summary>Known credential prefixes, or a long high-entropy token.</summary>
    public static bool LooksLikeSecret(string value) =>
        KnownSecret().IsMatch(value) || value.Length >= 24 && !value.Contains(' ') && !value.Contains("://") && SecretStrength.Entropy(value) >= 4.0 && SecretStrength.CharacterClasses(value) >= 3;

    [GeneratedRegex(@"(SECRET|KEY|TOKEN|PASSWORD|PASSWD|CREDENTIAL)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{20,}|xox[abpr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,}|glpat-[A-Za-z0-9_-]{20}|-----BEGIN)")]
    private static partial Regex KnownSecret();
}
