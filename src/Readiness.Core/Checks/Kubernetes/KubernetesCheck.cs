using Readiness.Core.Running;

namespace Readiness.Core.Checks.Kubernetes;

public sealed record KubernetesParameters
{
    [CheckParameter("path", Expected = "manifest files or folders")] public IReadOnlyList<string> Path { get; init; } = [];
    /// <summary>Manifest text itself (the cmdlet's pipeline input, kubectl get -o yaml).</summary>
    [CheckParameter("yaml")] public string? Yaml { get; init; }
    [CheckParameter("context")] public string? Context { get; init; }
    [CheckParameter("namespace")] public string? Namespace { get; init; }
    [CheckParameter("kubeconfig")] public string? Kubeconfig { get; init; }
    [CheckParameter("rule")] public IReadOnlyList<string> Rule { get; init; } = [];
    [CheckParameter("workload")] public string? Workload { get; init; }
    [CheckParameter("maxMemory")] public string? MaxMemory { get; init; }
    [CheckParameter("minReplicas", Min = 1, Max = 1000)] public int MinReplicas { get; init; } = 2;
    [CheckParameter("maxRestarts", Min = 1, Max = 10000)] public int MaxRestarts { get; init; } = 3;
}

/// <summary>
/// Workloads follow production rules, judged from manifests (<c>path</c>/<c>yaml</c>), a live namespace
/// (<c>context</c>/<c>namespace</c>), or both (manifests judged, the cluster adding rollout status, pod health and
/// the images running). One result per rule (<c>item-id.rule</c>); an item naming one rule gets that rule's result.
/// </summary>
public sealed class KubernetesCheck : Check<KubernetesParameters>
{
    public override string Type => "kubernetes";

    protected override async Task<IReadOnlyList<CheckResult>> RunAsync(CheckContext context, KubernetesParameters p, CancellationToken ct)
    {
        var live = p.Context is not null || p.Namespace is not null || p.Kubeconfig is not null;
        if (p.Path.Count == 0 && p.Yaml is null && !live) throw context.Parameters.Missing("path", "manifest files or folders, or context/namespace of a live cluster");
        var rules = SelectRules(context, p, live);
        var options = Options(context, p);

        var objects = new List<ManifestObject>();
        string target;
        try
        {
            foreach (var path in p.Path) objects.AddRange(ManifestReader.ReadPath(context.ResolvePath(path), p.Namespace));
            if (p.Yaml is not null) objects.AddRange(ManifestReader.ReadText(p.Yaml, "pipeline", p.Namespace));
        }
        catch (Exception ex) when (ex is ManifestException or FileNotFoundException) { return [context.Error(ex.Message, string.Join(", ", p.Path))]; }

        ClusterSnapshot? cluster = null;
        if (live)
        {
            var clusterTarget = new ClusterTarget(p.Context, p.Namespace ?? "default", p.Kubeconfig is { } k ? context.ResolvePath(k) : null);
            try { cluster = await ClusterReader.ReadAsync(clusterTarget, context.Environment.GetEnvironmentVariable, ct).ConfigureAwait(false); }
            catch (Exception ex) when (ex is FileNotFoundException or k8s.Exceptions.KubeConfigException or HttpRequestException or k8s.Autorest.HttpOperationException)
            {
                return [context.Error($"Cannot read namespace {clusterTarget.Namespace} of {p.Context ?? "the current context"}: {ex.Message}", $"{p.Context}/{clusterTarget.Namespace}")];
            }
        }
        var judged = p.Path.Count > 0 || p.Yaml is not null ? objects : cluster!.Objects.ToList();
        target = p.Path.Count > 0 ? string.Join(", ", p.Path) : p.Yaml is not null ? "pipeline" : cluster!.Where;
        var inventory = new KubernetesInventory(judged, cluster);
        var workloads = inventory.Workloads.Where(w => p.Workload is null || w.Object.Name == p.Workload).ToList();
        if (workloads.Count == 0)
            return [context.Warn($"No workload ({string.Join(", ", Workload.Kinds)}){(p.Workload is { } n ? $" named {n}" : "")} found in {target}; nothing to judge.", target,
                "Point the check at the rendered manifests (helm template, kustomize build, or kubectl get -o yaml) or at the namespace the workloads run in.")];

        var single = rules.Count == 1 && p.Rule.Count == 1;
        return rules.Select(rule => Judge(single ? context : context.ForAspect(rule.Name, rule.Title, rule.Severity), rule, workloads, inventory, options, target, objects.Count)).ToList();
    }

    private static CheckResult Judge(CheckContext context, KubernetesRule rule, IReadOnlyList<Workload> workloads, KubernetesInventory inventory, RuleOptions options, string target, int objectCount)
    {
        var refused = inventory.Forbidden.Where(f => rule.Needs.Contains(f.Resource.Split('.')[0])).ToList();
        if (refused.Count > 0)
            return context.Warn($"Rule {rule.Name} not judged: {string.Join("; ", refused.Select(f => f.Message))}.", target)
                .WithEvidence("forbidden", string.Join(", ", refused.Select(f => $"{f.Verb} {f.Resource}")));

        var findings = new List<Finding>();
        var judged = new List<Workload>();
        if (rule.PerInventory is { } perInventory) findings.AddRange(perInventory(inventory, options));
        else
            foreach (var w in workloads)
                if (rule.PerWorkload!(w, inventory, options) is { } found) { judged.Add(w); findings.AddRange(found); }

        if (rule.PerWorkload is not null && judged.Count == 0)
            return context.Result(CheckStatus.Skipped, $"Rule {rule.Name} applies to none of the workloads ({string.Join(", ", workloads.Select(w => w.Display))}).", target);
        CheckResult result;
        if (findings.Count == 0)
            result = context.Pass(rule.PerInventory is not null
                ? $"{inventory.Objects.Count(o => o.Kind == "ConfigMap")} ConfigMap(s) pass {rule.Name}."
                : $"{judged.Count} workload(s) pass {rule.Name}: {string.Join(", ", judged.Select(w => w.Display))}.", target);
        else
            result = context.Fail($"{findings.Count} problem(s): {string.Join(" ", findings.Take(4).Select(f => f.Message))}{(findings.Count > 4 ? $" And {findings.Count - 4} more." : "")}", target,
                $"Fix the manifests at: {string.Join(", ", findings.Take(6).Select(f => f.Where))}.");
        var first = findings.Select(f => inventory.Objects.FirstOrDefault(o => o.Display == f.Object)).FirstOrDefault(o => o is not null) ?? workloads[0].Object;
        if (first.Line is not null) result.At(first.Source, first.Line);
        return result.WithEvidence("rule", rule.Name).WithEvidence("workloads", judged.Count).WithEvidence("objects", inventory.Objects.Count)
            .WithEvidence("findings", findings.Count)
            .WithEvidence("fields", string.Join(", ", findings.Select(f => f.FieldPath).Distinct()))
            .WithEvidence("where", string.Join(", ", findings.Select(f => f.Where).Distinct()));
    }

    private static IReadOnlyList<KubernetesRule> SelectRules(CheckContext context, KubernetesParameters p, bool live)
    {
        var staticSource = p.Path.Count > 0 || p.Yaml is not null;
        if (p.Rule.Count == 0 || p.Rule.Contains("all"))
            return KubernetesRules.All.Where(r => !r.LiveOnly || live && (r.Name != "running-images" || staticSource)).ToList();
        var rules = new List<KubernetesRule>();
        foreach (var name in p.Rule)
        {
            var rule = KubernetesRules.Find(name) ?? throw context.Parameters.Invalid("rule", $"one or more of {string.Join(", ", KubernetesRules.Names)}, or all (got '{name}')");
            if (rule.LiveOnly && !live) throw context.Parameters.Invalid("rule", $"a rule judged from manifests; '{name}' needs a live cluster (context/namespace)");
            rules.Add(rule);
        }
        return rules;
    }

    private static RuleOptions Options(CheckContext context, KubernetesParameters p)
    {
        double? maxMemory = null;
        if (p.MaxMemory is { } text)
        {
            if (!Quantity.TryParse(text, out var bytes)) throw context.Parameters.Invalid("maxMemory", "a memory quantity such as 200Mi or 200MB");
            maxMemory = bytes;
        }
        return new RuleOptions { MaxMemoryBytes = maxMemory, MinReplicas = p.MinReplicas, MaxRestarts = p.MaxRestarts };
    }
}
