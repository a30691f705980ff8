using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>
/// One Kubernetes object, from a manifest file or a live cluster: the KubernetesClient model (V1Deployment, V1Service,
/// ...) or a <see cref="CustomResource"/> for kinds KubernetesClient has no model of, and where it came from.
/// </summary>
public sealed class ManifestObject
{
    public ManifestObject(IKubernetesObject<V1ObjectMeta> model, string source, int? line = null, string? defaultNamespace = null)
    {
        Model = model;
        Kind = model.Kind ?? KindOf(model.GetType());
        Name = model.Metadata?.Name ?? "(unnamed)";
        Namespace = model.Metadata?.NamespaceProperty ?? defaultNamespace ?? "default";
        Source = source;
        Line = line;
    }

    public IKubernetesObject<V1ObjectMeta> Model { get; }
    public string Kind { get; }
    public string Name { get; }
    public string Namespace { get; }
    public string Source { get; }
    public int? Line { get; }
    public IDictionary<string, string> Labels => Model.Metadata?.Labels ?? new Dictionary<string, string>();
    public string Display => $"{Kind}/{Name}";

    public T? As<T>() where T : class => Model as T;

    /// <summary>Owned by a controller (a Deployment's ReplicaSet, a CronJob's Job, any pod): judged through its owner.</summary>
    public bool IsControlled => Model.Metadata?.OwnerReferences?.Any(o => o.Controller == true) == true;

    /// <summary>List items from the API carry no kind; the model's attribute names it.</summary>
    private static string KindOf(Type type) => type.GetCustomAttribute<KubernetesEntityAttribute>()?.Kind ?? type.Name;
}

/// <summary>
/// A kind KubernetesClient has no model of (ServiceMonitor, PodMonitor, PrometheusRule, Argo Rollout): metadata typed,
/// spec and status kept as JSON, the way the API's custom-objects endpoints return them.
/// </summary>
public sealed class CustomResource : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public JsonElement? Spec { get; set; }
    [JsonPropertyName("status")] public JsonElement? Status { get; set; }

    public static CustomResource FromJson(string json) => KubernetesJson.Deserialize<CustomResource>(json);

    /// <summary>A part of the spec read as a KubernetesClient model, e.g. an Argo Rollout's pod template.</summary>
    public T? SpecAs<T>(string property) where T : class =>
        Spec is { ValueKind: JsonValueKind.Object } spec && spec.TryGetProperty(property, out var part) ? KubernetesJson.Deserialize<T>(part.GetRawText()) : null;

    public JsonElement? SpecAt(params string[] path) => At(Spec, path);
    public JsonElement? StatusAt(params string[] path) => At(Status, path);

    private static JsonElement? At(JsonElement? root, string[] path)
    {
        var current = root;
        foreach (var part in path)
        {
            if (current is not { ValueKind: JsonValueKind.Object } e || !e.TryGetProperty(part, out var next)) return null;
            current = next;
        }
        return current;
    }
}
