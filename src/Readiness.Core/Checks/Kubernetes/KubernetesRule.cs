namespace Readiness.Core.Checks.Kubernetes;

/// <summary>A problem with the field path a person edits to fix it, e.g. <c>spec.template.spec.containers[0].image</c>.</summary>
public sealed record Finding(string Object, string FieldPath, string Message, bool IsWarning = false)
{
    public string Where => $"{Object} {FieldPath}";
}

public sealed class RuleOptions
{
    public int MinReplicas { get; init; } = 2;
    /// <summary>Largest allowed memory limit per container, in bytes (seed 001: 200 MB per instance).</summary>
    public double? MaxMemoryBytes { get; init; }
    /// <summary>Container restarts from which a live pod counts as restarting.</summary>
    public int MaxRestarts { get; init; } = 3;
}

/// <summary>
/// One rule: judged per workload (null when the rule does not apply to that kind) or once per namespace's objects.
/// <see cref="Needs"/> are the API resources it reads, so a list the cluster refused turns it into a Warning.
/// </summary>
public sealed class KubernetesRule
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required Severity Severity { get; init; }
    /// <summary>Judges what only a live cluster knows (status, pods); needs context/namespace.</summary>
    public bool LiveOnly { get; init; }
    public IReadOnlyList<string> Needs { get; init; } = Array.Empty<string>();
    public Func<Workload, KubernetesInventory, RuleOptions, IReadOnlyList<Finding>?>? PerWorkload { get; init; }
    public Func<KubernetesInventory, RuleOptions, IReadOnlyList<Finding>>? PerInventory { get; init; }

    internal static readonly IReadOnlyList<Finding> None = Array.Empty<Finding>();
    internal static IReadOnlyList<Finding> One(Workload w, string path, string message) => new[] { new Finding(w.Display, path, message) };
}

/// <summary>Every rule, in the order results are reported.</summary>
public static class KubernetesRules
{
    public static readonly IReadOnlyList<KubernetesRule> All =
        WorkloadRules.All.Concat(SecurityRules.All).Concat(TrafficRules.All).Concat(LiveRules.All).ToList();

    public static IReadOnlyList<string> Names => All.Select(r => r.Name).ToList();

    public static KubernetesRule? Find(string name) => All.FirstOrDefault(r => r.Name == name);
}
