using System.Globalization;
using Readiness.Core.Checklists;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Readiness.Core.Evidence;

/// <summary>
/// The waivers file beside a checklist (<c>name.waivers.yaml</c>): a list of item, justification, approvedBy and
/// expires. Errors name the file, line and column like checklist errors.
/// </summary>
public sealed class WaiverFile
{
    public WaiverFile(string path) => Path = path;

    public string Path { get; }

    public static string DefaultPathFor(string checklistPath) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(checklistPath))!,
            System.IO.Path.GetFileNameWithoutExtension(checklistPath) + ".waivers.yaml");

    public IReadOnlyList<Waiver> Read()
    {
        if (!File.Exists(Path)) return Array.Empty<Waiver>();
        var errors = new List<ChecklistError>();
        var waivers = new List<Waiver>();
        YamlStream stream;
        var text = File.ReadAllText(Path);
        try { stream = Checklists.YamlLimits.Load(text, "a waivers file"); }
        catch (YamlException ex) { throw new ChecklistException(Path, (int)ex.Start.Line, (int)ex.Start.Column, $"invalid YAML: {ex.Message}"); }
        catch (Exception ex) when (Checklists.YamlNodes.IsMalformedYaml(ex))
        {
            var (line, column) = Checklists.YamlNodes.LastReadablePosition(text);
            throw new ChecklistException(Path, line, column, "invalid YAML: the text after this point cannot be read as YAML.");
        }
        if (stream.Documents.Count == 0) return waivers;
        if (stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("waivers"), out var listNode) || listNode is not YamlSequenceNode list)
        {
            if (stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" }) return waivers;
            throw new ChecklistException(Path, 1, 1, "a waivers file is a mapping with 'waivers:', a list of item, justification, approvedBy, expires.");
        }
        foreach (var node in list.Children)
        {
            var (line, column) = YamlNodes.Position(node);
            if (node is not YamlMappingNode map) { errors.Add(new(Path, line, column, "each waiver must be a mapping.")); continue; }
            string? Get(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? (v as YamlScalarNode)?.Value : null;
            var waiver = new Waiver
            {
                Item = Get("item") ?? "",
                Justification = Get("justification") ?? "",
                ApprovedBy = Get("approvedBy") ?? "",
            };
            foreach (var (key, what) in new[] { ("item", waiver.Item), ("justification", waiver.Justification), ("approvedBy", waiver.ApprovedBy) })
                if (string.IsNullOrWhiteSpace(what)) errors.Add(new(Path, line, column, $"waiver needs '{key}'."));
            if (!TryDate(Get("expires"), out var expires)) errors.Add(new(Path, line, column, "waiver needs 'expires' as a date (YYYY-MM-DD) or date-time."));
            else waiver.Expires = expires;
            if (TryDate(Get("created"), out var created)) waiver.Created = created;
            waivers.Add(waiver);
        }
        if (errors.Count > 0) throw new ChecklistException(errors);
        return waivers;
    }

    public void Append(Waiver waiver)
    {
        var all = Read().ToList();
        all.Add(waiver);
        var serializer = new SerializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull).Build();
        var document = new Dictionary<string, object>
        {
            ["waivers"] = all.Select(w => new Dictionary<string, string>
            {
                ["item"] = w.Item,
                ["justification"] = w.Justification,
                ["approvedBy"] = w.ApprovedBy,
                ["expires"] = w.Expires.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
                ["created"] = (w.Created ?? DateTimeOffset.UtcNow).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            }).ToList(),
        };
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        File.WriteAllText(Path, "# Waivers: accepted known failures for a release. Managed with readiness waive / Add-ReadinessWaiver.\n" + serializer.Serialize(document));
    }

    /// <summary>A bare date means the waiver holds through that whole day (UTC).</summary>
    private static bool TryDate(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            value = new DateTimeOffset(d.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
