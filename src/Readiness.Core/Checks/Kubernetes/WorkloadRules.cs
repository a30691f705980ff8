using System.Text.RegularExpressions;
using Readiness.Core.Checks.Env;
using YamlDotNet.RepresentationModel;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>A problem in one workload, with the field path a person edits to fix it.</summary>
public sealed record WorkloadFinding(string Rule, K8sObject Workload, string FieldPath, string Message, bool IsWarning = false)
{
    public string Where => $"{Workload.Display} {FieldPath}";
}

public sealed class WorkloadRuleOptions
{
    public int MinReplicas { get; init; } = 2;
    /// <summary>Largest allowed memory limit per container, in bytes (seed 001: 200 MB per instance).</summary>
    public double? MaxMemoryBytes { get; init; }
}

/// <summary>The production rules for workloads (Deployment, StatefulSet, Argo Rollout), each a small function.</summary>
public static partial class WorkloadRules
{
    public static readonly string[] Names =
    {
        "replicas", "hpa", "pdb", "probes", "resources", "memory-limit", "rollout", "images", "non-root", "env-secrets", "monitoring",
    };

    private static readonly string[] WorkloadKinds = { "Deployment", "StatefulSet", "Rollout" };

    public static IEnumerable<K8sObject> Workloads(IReadOnlyList<K8sObject> objects) => objects.Where(o => WorkloadKinds.Contains(o.Kind));

    public static IReadOnlyList<WorkloadFinding> Evaluate(string rule, K8sObject w, IReadOnlyList<K8sObject> all, WorkloadRuleOptions options) => rule switch
    {
        "replicas" => Replicas(w, all, options),
        "hpa" => Hpa(w, all),
        "pdb" => Pdb(w, all),
        "probes" => Probes(w),
        "resources" => Resources(w),
        "memory-limit" => MemoryLimit(w, options),
        "rollout" => Rollout(w),
        "images" => Images(w),
        "non-root" => NonRoot(w),
        "env-secrets" => EnvSecrets(w),
        "monitoring" => Monitoring(w, all),
        _ => throw new ArgumentException($"Unknown rule '{rule}'. Allowed: {string.Join(", ", Names)}."),
    };

    private static string Template(K8sObject w) => "spec.template";
    private static IEnumerable<(YamlMappingNode Container, string Path)> Containers(K8sObject w) =>
        K8sPath.Items(w.Root, "spec.template.spec.containers").Select((c, i) => (c, $"spec.template.spec.containers[{i}]"));
    private static string ContainerName(YamlMappingNode c) => K8sPath.Text(c, "name") ?? "(unnamed)";
    private static Dictionary<string, string> PodLabels(K8sObject w) => K8sPath.Map(w.Root, "spec.template.metadata.labels");

    private static K8sObject? HpaFor(K8sObject w, IReadOnlyList<K8sObject> all) =>
        all.FirstOrDefault(o => o.Kind == "HorizontalPodAutoscaler" && o.Namespace == w.Namespace
                                && K8sPath.Text(o.Root, "spec.scaleTargetRef.name") == w.Name
                                && K8sPath.Text(o.Root, "spec.scaleTargetRef.kind") == w.Kind);

    private static IReadOnlyList<WorkloadFinding> Replicas(K8sObject w, IReadOnlyList<K8sObject> all, WorkloadRuleOptions o)
    {
        var hpa = HpaFor(w, all);
        if (hpa is not null)
        {
            var min = int.TryParse(K8sPath.Text(hpa.Root, "spec.minReplicas") ?? "1", out var m) ? m : 1;
            return min >= o.MinReplicas ? None : One("replicas", w, "spec.minReplicas",
                $"{hpa.Display} lets {w.Display} scale down to {min} replica(s); at least {o.MinReplicas} are needed to survive losing one.");
        }
        var replicas = int.TryParse(K8sPath.Text(w.Root, "spec.replicas") ?? "1", out var r) ? r : 1;
        return replicas >= o.MinReplicas ? None : One("replicas", w, "spec.replicas",
            $"{w.Display} runs {replicas} replica(s) and has no HorizontalPodAutoscaler; at least {o.MinReplicas} are needed.");
    }

    private static IReadOnlyList<WorkloadFinding> Hpa(K8sObject w, IReadOnlyList<K8sObject> all)
    {
        var hpa = HpaFor(w, all);
        if (hpa is null) return One("hpa", w, "(HorizontalPodAutoscaler)", $"{w.Display} has no HorizontalPodAutoscaler targeting it.");
        var hasTarget = K8sPath.Get(hpa.Root, "spec.metrics") is YamlSequenceNode { Children.Count: > 0 }
                        || K8sPath.Text(hpa.Root, "spec.targetCPUUtilizationPercentage") is not null;
        return hasTarget ? None : One("hpa", w, "spec.metrics", $"{hpa.Display} has no metric target, so it never scales.");
    }

    private static IReadOnlyList<WorkloadFinding> Pdb(K8sObject w, IReadOnlyList<K8sObject> all)
    {
        var labels = PodLabels(w);
        var pdb = all.FirstOrDefault(o => o.Kind == "PodDisruptionBudget" && o.Namespace == w.Namespace && Selects(K8sPath.Map(o.Root, "spec.selector.matchLabels"), labels));
        return pdb is not null ? None : One("pdb", w, "(PodDisruptionBudget)", $"No PodDisruptionBudget selects the pods of {w.Display}; a node drain can take them all down at once.");
    }

    private static IReadOnlyList<WorkloadFinding> Probes(K8sObject w) =>
        Containers(w).SelectMany(c => new[] { "readinessProbe", "livenessProbe" }
                .Where(probe => K8sPath.Get(c.Container, probe) is null)
                .Select(probe => new WorkloadFinding("probes", w, $"{c.Path}.{probe}", $"Container {ContainerName(c.Container)} of {w.Display} has no {probe}.")))
            .ToList();

    private static IReadOnlyList<WorkloadFinding> Resources(K8sObject w) =>
        Containers(w).SelectMany(c => new[] { "requests.cpu", "requests.memory", "limits.cpu", "limits.memory" }
                .Where(r => K8sPath.Text(c.Container, "resources." + r) is null)
                .Select(r => new WorkloadFinding("resources", w, $"{c.Path}.resources.{r}", $"Container {ContainerName(c.Container)} of {w.Display} sets no {r.Replace('.', ' ')}.")))
            .ToList();

    private static IReadOnlyList<WorkloadFinding> MemoryLimit(K8sObject w, WorkloadRuleOptions o)
    {
        var findings = new List<WorkloadFinding>();
        foreach (var (c, path) in Containers(w))
        {
            var text = K8sPath.Text(c, "resources.limits.memory");
            if (text is null) { findings.Add(new("memory-limit", w, $"{path}.resources.limits.memory", $"Container {ContainerName(c)} of {w.Display} has no memory limit.")); continue; }
            if (!Quantity.TryParse(text, out var bytes)) { findings.Add(new("memory-limit", w, $"{path}.resources.limits.memory", $"Container {ContainerName(c)} of {w.Display} has an unreadable memory limit '{text}'.")); continue; }
            if (o.MaxMemoryBytes is { } max && bytes > max)
                findings.Add(new("memory-limit", w, $"{path}.resources.limits.memory", $"Container {ContainerName(c)} of {w.Display} may use {text} ({Quantity.Megabytes(bytes)}), above the {Quantity.Megabytes(max)} per instance the checklist allows."));
        }
        return findings;
    }

    private static IReadOnlyList<WorkloadFinding> Rollout(K8sObject w)
    {
        if (w.Kind == "Rollout")
            return K8sPath.Get(w.Root, "spec.strategy.blueGreen") is not null || K8sPath.Get(w.Root, "spec.strategy.canary") is not null ? None
                : One("rollout", w, "spec.strategy", $"{w.Display} declares neither a blueGreen nor a canary strategy.");
        if (w.Kind == "StatefulSet")
            return (K8sPath.Text(w.Root, "spec.updateStrategy.type") ?? "RollingUpdate") == "RollingUpdate" ? None
                : One("rollout", w, "spec.updateStrategy.type", $"{w.Display} uses updateStrategy {K8sPath.Text(w.Root, "spec.updateStrategy.type")}; pods are only replaced by hand.");
        var type = K8sPath.Text(w.Root, "spec.strategy.type") ?? "RollingUpdate";
        if (type == "Recreate") return One("rollout", w, "spec.strategy.type", $"{w.Display} uses the Recreate strategy: every pod stops before the new ones start (downtime on each deploy).");
        var maxUnavailable = K8sPath.Text(w.Root, "spec.strategy.rollingUpdate.maxUnavailable") ?? "25%";
        return maxUnavailable is "0" or "0%" ? None
            : One("rollout", w, "spec.strategy.rollingUpdate.maxUnavailable", $"{w.Display} allows maxUnavailable {maxUnavailable} during a rollout; set it to 0 so capacity never drops.");
    }

    private static IReadOnlyList<WorkloadFinding> Images(K8sObject w) =>
        Containers(w).Concat(K8sPath.Items(w.Root, "spec.template.spec.initContainers").Select((c, i) => (c, $"spec.template.spec.initContainers[{i}]")))
            .Select(c => (c.Item1, c.Item2, Image: K8sPath.Text(c.Item1, "image") ?? ""))
            .Where(c => !IsPinned(c.Image))
            .Select(c => new WorkloadFinding("images", w, $"{c.Item2}.image", $"Container {ContainerName(c.Item1)} of {w.Display} uses image '{c.Image}', which is not pinned to a version tag or digest."))
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

    private static IReadOnlyList<WorkloadFinding> NonRoot(K8sObject w)
    {
        var pod = K8sPath.Text(w.Root, "spec.template.spec.securityContext.runAsNonRoot") == "true";
        return Containers(w)
            .Where(c => !pod && K8sPath.Text(c.Container, "securityContext.runAsNonRoot") != "true" || K8sPath.Text(c.Container, "securityContext.runAsNonRoot") == "false")
            .Select(c => new WorkloadFinding("non-root", w, $"{c.Path}.securityContext.runAsNonRoot", $"Container {ContainerName(c.Container)} of {w.Display} may run as root (runAsNonRoot is not true)."))
            .ToList();
    }

    private static IReadOnlyList<WorkloadFinding> EnvSecrets(K8sObject w)
    {
        var findings = new List<WorkloadFinding>();
        foreach (var (c, path) in Containers(w))
        {
            var i = 0;
            foreach (var env in K8sPath.Items(c, "env"))
            {
                var name = K8sPath.Text(env, "name") ?? "";
                var value = K8sPath.Text(env, "value");
                if (value is not null && value.Length > 0 && (SecretName().IsMatch(name) && !SecretStrength.IsPlaceholder(value) || LooksLikeSecret(value)))
                    findings.Add(new("env-secrets", w, $"{path}.env[{i}].value", $"Container {ContainerName(c)} of {w.Display} sets {name} to a literal value; use valueFrom.secretKeyRef."));
                i++;
            }
        }
        return findings;
    }

    /// <summary>Known credential prefixes, or a long high-entropy token.</summary>
    public static bool LooksLikeSecret(string value) =>
        KnownSecret().IsMatch(value) || value.Length >= 24 && !value.Contains(' ') && !value.Contains("://") && SecretStrength.Entropy(value) >= 4.0 && SecretStrength.CharacterClasses(value) >= 3;

    private static IReadOnlyList<WorkloadFinding> Monitoring(K8sObject w, IReadOnlyList<K8sObject> all)
    {
        var findings = new List<WorkloadFinding>();
        var labels = PodLabels(w);
        var services = all.Where(o => o.Kind == "Service" && o.Namespace == w.Namespace && Selects(K8sPath.Map(o.Root, "spec.selector"), labels)).ToList();
        var monitored = all.Any(o => o.Kind == "PodMonitor" && Selects(K8sPath.Map(o.Root, "spec.selector.matchLabels"), labels))
                        || all.Any(o => o.Kind == "ServiceMonitor" && services.Any(s => Selects(K8sPath.Map(o.Root, "spec.selector.matchLabels"), K8sPath.Map(s.Root, "metadata.labels"))));
        if (!monitored) findings.Add(new("monitoring", w, "(ServiceMonitor/PodMonitor)", $"No ServiceMonitor or PodMonitor scrapes {w.Display}."));
        if (!all.Any(o => o.Kind == "PrometheusRule" && o.Namespace == w.Namespace))
            findings.Add(new("monitoring", w, "(PrometheusRule)", $"No PrometheusRule in namespace {w.Namespace} alerts on {w.Display}."));
        return findings;
    }

    /// <summary>A selector with no labels selects nothing here: an empty selector is almost always a mistake in a manifest.</summary>
    private static bool Selects(Dictionary<string, string> selector, Dictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static readonly IReadOnlyList<WorkloadFinding> None = Array.Empty<WorkloadFinding>();
    private static IReadOnlyList<WorkloadFinding> One(string rule, K8sObject w, string path, string message) => new[] { new WorkloadFinding(rule, w, path, message) };

    [GeneratedRegex(@"(SECRET|KEY|TOKEN|PASSWORD|PASSWD|CREDENTIAL)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{20,}|xox[abpr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,}|glpat-[A-Za-z0-9_-]{20}|-----BEGIN)")]
    private static partial Regex KnownSecret();
}
