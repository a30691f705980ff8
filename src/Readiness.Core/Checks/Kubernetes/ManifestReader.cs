using System.Reflection;
using k8s;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Readiness.Core.Checks.Kubernetes;

public sealed class ManifestException(string message) : Exception(message);

/// <summary>
/// Reads manifests into KubernetesClient models: multi-document YAML, <c>kind: List</c> (kubectl get -o yaml) and
/// Helm-rendered output with comments and anchors. Kinds KubernetesClient knows are read by <see cref="KubernetesYaml"/>;
/// the rest (CRDs) become <see cref="CustomResource"/>s. A malformed document is reported with its file and line.
/// </summary>
public static class ManifestReader
{
    /// <summary>"apps/v1/Deployment" for every model KubernetesClient ships, the key KubernetesYaml looks kinds up by.</summary>
    private static readonly HashSet<string> KnownKinds = typeof(V1Pod).Assembly.GetTypes()
        .Select(t => t.GetCustomAttribute<KubernetesEntityAttribute>())
        .Where(a => a is not null)
        .Select(a => $"{(string.IsNullOrEmpty(a!.Group) ? "" : a.Group + "/")}{a.ApiVersion}/{a.Kind}")
        .ToHashSet(StringComparer.Ordinal);

    private static readonly IDeserializer PlainYaml = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();
    private static readonly ISerializer JsonWriter = new SerializerBuilder().JsonCompatible().Build();

    public static IReadOnlyList<ManifestObject> ReadPath(string path, string? defaultNamespace = null)
    {
        if (File.Exists(path)) return ReadText(File.ReadAllText(path), path, defaultNamespace);
        if (!Directory.Exists(path)) throw new FileNotFoundException($"No manifest file or folder at {path}.");
        return Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .SelectMany(f => ReadText(File.ReadAllText(f), Path.GetRelativePath(path, f), defaultNamespace))
            .ToList();
    }

    public static IReadOnlyList<ManifestObject> ReadText(string text, string source, string? defaultNamespace = null)
    {
        YamlStream stream;
        try { stream = Checklists.YamlLimits.Load(text, "a manifest file"); }
        catch (YamlException ex) { throw new ManifestException($"{source}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.InnerException?.Message ?? ex.Message}"); }
        catch (Exception ex) when (Checklists.YamlNodes.IsMalformedYaml(ex))
        {
            var (line, column) = Checklists.YamlNodes.LastReadablePosition(text);
            throw new ManifestException($"{source}:{line}:{column}: invalid YAML: the text after this point cannot be read as YAML");
        }
        var objects = new List<ManifestObject>();
        foreach (var document in stream.Documents)
            if (document.RootNode is YamlMappingNode root) Collect(root, source, defaultNamespace, objects);
        return objects;
    }

    private static void Collect(YamlMappingNode node, string source, string? defaultNamespace, List<ManifestObject> into)
    {
        var kind = Scalar(node, "kind");
        if (kind is null) return; // a values file or an empty document between separators
        if (kind.EndsWith("List", StringComparison.Ordinal) && node.Children.TryGetValue(new YamlScalarNode("items"), out var items))
        {
            if (items is YamlSequenceNode sequence)
                foreach (var item in sequence.Children.OfType<YamlMappingNode>()) Collect(item, source, defaultNamespace, into);
            return;
        }
        var apiVersion = Scalar(node, "apiVersion") ?? "";
        var line = (int)node.Start.Line;
        var yaml = Emit(node);
        try
        {
            var model = KnownKinds.Contains($"{apiVersion}/{kind}")
                ? (IKubernetesObject<V1ObjectMeta>)KubernetesYaml.LoadAllFromString(yaml).Single()
                : CustomResource.FromJson(JsonWriter.Serialize(PlainYaml.Deserialize<object>(yaml)!));
            var read = new ManifestObject(model, source, line, defaultNamespace);
            // A custom resource's pod template is typed only when a rule asks for it; reading it here keeps a bad
            // one (a quantity that is no quantity, a string where a list belongs) an error about this file.
            _ = Workload.From(read);
            into.Add(read);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidCastException || Checklists.YamlNodes.IsMalformedYaml(ex))
        {
            throw new ManifestException($"{source}:{line}: {kind} {Scalar(node, "metadata", "name") ?? "(unnamed)"} cannot be read as {apiVersion} {kind}: {ex.InnerException?.Message ?? ex.Message}");
        }
    }

    private static string Emit(YamlMappingNode node)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static string? Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (var part in path)
            current = current is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(part), out var next) ? next : null;
        return (current as YamlScalarNode)?.Value;
    }
}
