using System.Text.Json;
using k8s.Models;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>
/// Label selectors evaluated as the API server does: matchLabels and matchExpressions (In, NotIn, Exists,
/// DoesNotExist) all have to hold; an empty selector selects every pod, a missing one none
/// (metav1.LabelSelectorAsSelector). A Service's plain selector map selects nothing when empty.
/// </summary>
public static class LabelSelectors
{
    public static bool Selects(V1LabelSelector? selector, IDictionary<string, string> labels)
    {
        if (selector is null) return false;
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
            if (!labels.TryGetValue(key, out var actual) || actual != value) return false;
        foreach (var e in selector.MatchExpressions ?? new List<V1LabelSelectorRequirement>())
            if (!Holds(e.Key, e.OperatorProperty, e.Values, labels)) return false;
        return true;
    }

    public static bool SelectsMap(IDictionary<string, string>? selector, IDictionary<string, string> labels) =>
        selector is { Count: > 0 } && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>A selector kept as JSON in a custom resource (ServiceMonitor spec.selector).</summary>
    public static bool Selects(JsonElement? selector, IDictionary<string, string> labels) =>
        selector is { ValueKind: JsonValueKind.Object } s && Selects(k8s.KubernetesJson.Deserialize<V1LabelSelector>(s.GetRawText()), labels);

    private static bool Holds(string key, string op, IList<string>? values, IDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(key, out var actual);
        return op switch
        {
            "In" => has && (values ?? new List<string>()).Contains(actual!),
            "NotIn" => !has || !(values ?? new List<string>()).Contains(actual!),
            "Exists" => has,
            "DoesNotExist" => !has,
            _ => false, // the API server rejects other operators; an object holding one selects nothing
        };
    }
}
