using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Readiness.Core.Checks.Kubernetes;

/// <summary>One Kubernetes object from a manifest, with where it came from.</summary>
public sealed class K8sObject
{
    public required string Kind { get; init; }
    public required string ApiVersion { get; init; }
    public required string Name { get; init; }
    public string Namespace { get; init; } = "default";
    public required YamlMappingNode Root { get; init; }
    public required string Source { get; init; }
    public int Line { get; init; }

    public string Display => $"{Kind}/{Name}";

    public YamlNode? At(string path) => K8sPath.Get(Root, path);
}

public sealed class ManifestException(string message) : Exception(message);

/// <summary>
/// Reads manifests: multi-document YAML, <c>kind: List</c> (kubectl get -o yaml) and Helm-rendered output with
/// comments and anchors. A malformed document is reported with its file and line.
/// </summary>
public static class ManifestReader
{
    public static IReadOnlyList<K8sObject> ReadPath(string path)
    {
        if (File.Exists(path)) return ReadText(File.ReadAllText(path), path);
        if (!Directory.Exists(path)) throw new FileNotFoundException($"No manifest file or folder at {path}.");
        return Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .SelectMany(f => ReadText(File.ReadAllText(f), Path.GetRelativePath(path, f)))
            .ToList();
    }

    public static IReadOnlyList<K8sObject> ReadText(string text, string source)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException ex) { throw new ManifestException($"{source}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.InnerException?.Message ?? ex.Message}"); }
        var objects = new List<K8sObject>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root) continue; // an empty document between separators
            Collect(root, source, objects);
        }
        return objects;
    }

    private static void Collect(YamlMappingNode root, string source, List<K8sObject> into)
    {
        var kind = K8sPath.Text(root, "kind");
        if (kind is null) return;
        if (kind == "List" || kind.EndsWith("List", StringComparison.Ordinal) && root.Children.ContainsKey(new YamlScalarNode("items")))
        {
            if (K8sPath.Get(root, "items") is YamlSequenceNode items)
                foreach (var item in items.Children.OfType<YamlMappingNode>()) Collect(item, source, into);
            return;
        }
        into.Add(new K8sObject
        {
            Kind = kind,
            ApiVersion = K8sPath.Text(root, "apiVersion") ?? "",
            Name = K8sPath.Text(root, "metadata.name") ?? "(unnamed)",
            Namespace = K8sPath.Text(root, "metadata.namespace") ?? "default",
            Root = root,
            Source = source,
            Line = (int)root.Start.Line,
        });
    }
}

/// <summary>Dotted-path access into YAML nodes: <c>spec.template.spec.containers</c>.</summary>
public static class K8sPath
{
    public static YamlNode? Get(YamlNode node, string path)
    {
        YamlNode? current = node;
        foreach (var part in path.Split('.'))
        {
            if (current is not YamlMappingNode map) return null;
            current = map.Children.TryGetValue(new YamlScalarNode(part), out var next) ? next : null;
        }
        return current;
    }

    public static string? Text(YamlNode node, string path) => Get(node, path) is YamlScalarNode s ? s.Value : null;

    public static IEnumerable<YamlMappingNode> Items(YamlNode node, string path) =>
        Get(node, path) is YamlSequenceNode seq ? seq.Children.OfType<YamlMappingNode>() : Enumerable.Empty<YamlMappingNode>();

    public static Dictionary<string, string> Map(YamlNode node, string path) =>
        Get(node, path) is YamlMappingNode map
            ? map.Children.Where(kv => kv.Key is YamlScalarNode && kv.Value is YamlScalarNode)
                .ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "", kv => ((YamlScalarNode)kv.Value).Value ?? "")
            : new Dictionary<string, string>();
}
