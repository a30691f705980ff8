using Readiness.Core.Running;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>
/// Workload manifests follow production rules (replicas, HPA, PDB, probes, resources, memory limit, rollout strategy,
/// pinned images, non-root, no literal secrets, monitoring). Each finding names the workload and the field path.
/// </summary>
public sealed class KubernetesCheck : SingleResultCheck
{
    public override string Type => "kubernetes";
    public override IReadOnlyCollection<string> Parameters { get; } = new[] { "path", "rule", "workload", "maxMemory", "minReplicas" };

    public override Task<CheckResult> DecideAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var p = context.Parameters;
        var path = context.ResolvePath(p.RequireString("path"));
        IReadOnlyList<K8sObject> objects;
        try { objects = ManifestReader.ReadPath(path); }
        catch (ManifestException ex) { return Task.FromResult(context.Error(ex.Message, path)); }
        var rules = p.GetStringList("rule");
        if (rules.Count == 0 || rules.Contains("all")) rules = WorkloadRules.Names;
        foreach (var r in rules.Where(r => !WorkloadRules.Names.Contains(r)))
            throw p.Invalid("rule", $"one or more of {string.Join(", ", WorkloadRules.Names)}, or all (got '{r}')");
        var options = Options(p);
        var workloads = WorkloadRules.Workloads(objects).Where(w => p.GetString("workload") is not { } name || w.Name == name).ToList();
        if (workloads.Count == 0)
            return Task.FromResult(context.Fail($"No Deployment, StatefulSet or Rollout{(p.GetString("workload") is { } n ? $" named {n}" : "")} found in {path}.", path,
                "Point the check at the rendered manifests (helm template, kustomize build, or kubectl get -o yaml)."));

        var findings = workloads.SelectMany(w => rules.SelectMany(r => WorkloadRules.Evaluate(r, w, objects, options))).ToList();
        var result = findings.Count == 0
            ? context.Pass($"{workloads.Count} workload(s) pass {string.Join(", ", rules)}: {string.Join(", ", workloads.Select(w => w.Display))}.", path)
            : context.Fail($"{findings.Count} problem(s): {string.Join("; ", findings.Take(4).Select(f => f.Message))}{(findings.Count > 4 ? $"; and {findings.Count - 4} more" : "")}", path,
                $"Fix the manifests at: {string.Join(", ", findings.Take(6).Select(f => f.Where))}.");
        // Source is relative to the manifests folder (or the file itself): results carry the absolute path.
        string FileOf(WorkloadFinding f) => Path.GetFullPath(f.Workload.Source, Directory.Exists(path) ? path : Path.GetDirectoryName(path)!);
        if (findings.Count > 0)
        {
            result.At(FileOf(findings[0]), findings[0].Workload.Line);
            result.Findings = new FactList<Finding>(findings.Select(f => new Finding { File = FileOf(f), Line = f.Workload.Line, Message = f.Message, Rule = f.Rule }));
        }
        return Task.FromResult(result.WithEvidence("workloads", workloads.Count).WithEvidence("objects", objects.Count).WithEvidence("findings", findings.Count)
            .WithEvidence("rules", string.Join(",", rules)));
    }

    public static WorkloadRuleOptions Options(CheckParameters p)
    {
        double? maxMemory = null;
        if (p.GetString("maxMemory") is { } text)
        {
            if (!Quantity.TryParse(text, out var bytes)) throw p.Invalid("maxMemory", "a memory quantity such as 200Mi or 200MB");
            maxMemory = bytes;
        }
        return new WorkloadRuleOptions { MaxMemoryBytes = maxMemory, MinReplicas = (int)p.GetInt("minReplicas", 2) };
    }
}

/// <summary>Test-ReadinessKubernetes: one CheckResult per workload and rule, from files or kubectl output.</summary>
public static class KubernetesReview
{
    public static IReadOnlyList<CheckResult> Run(IReadOnlyList<K8sObject> objects, IReadOnlyList<string> rules, WorkloadRuleOptions options)
    {
        var results = new List<CheckResult>();
        foreach (var w in WorkloadRules.Workloads(objects))
        foreach (var rule in rules.Count == 0 ? WorkloadRules.Names : rules)
        {
            var findings = WorkloadRules.Evaluate(rule, w, objects, options);
            var result = new CheckResult
            {
                Id = $"kubernetes.{w.Namespace}.{w.Kind.ToLowerInvariant()}.{w.Name}.{rule}",
                Section = "Kubernetes",
                Title = $"{w.Display}: {rule}",
                CheckType = "kubernetes",
                Severity = rule is "replicas" or "env-secrets" or "probes" ? Severity.High : Severity.Medium,
                Target = $"{w.Namespace}/{w.Display}",
                Status = findings.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
                Message = findings.Count == 0 ? $"{w.Display} passes {rule}." : string.Join(" ", findings.Select(f => f.Message)),
                File = w.Source,
                Line = w.Line,
                Timestamp = DateTimeOffset.Now,
            };
            if (findings.Count > 0) result.Evidence["fields"] = string.Join(", ", findings.Select(f => f.FieldPath));
            results.Add(result);
        }
        return results;
    }
}
