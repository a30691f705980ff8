using YamlDotNet.Serialization;

namespace Readiness.Core.Checklists;

/// <summary>
/// Writes a checklist as schemaVersion 1 YAML that <see cref="ChecklistLoader"/> reads back into the same items.
/// Items imported as already ticked carry the tag <see cref="PreviouslyValidatedTag"/>.
/// </summary>
public static class ChecklistYamlWriter
{
    public const string PreviouslyValidatedTag = "previously-validated";

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .WithIndentedSequences()
        .Build();

    public static string Write(Checklist checklist)
    {
        var root = new Dictionary<string, object?>(StringComparer.Ordinal) { ["schemaVersion"] = ChecklistLoader.SupportedSchemaVersion };
        Add(root, "name", checklist.Name.Length > 0 ? checklist.Name : "imported");
        Add(root, "title", checklist.Title);
        Add(root, "version", checklist.Version);
        if (checklist.Variables.Count > 0) root["variables"] = new Dictionary<string, string>(checklist.Variables, StringComparer.Ordinal);
        if (Settings(checklist.Settings) is { Count: > 0 } settings) root["settings"] = settings;
        root["items"] = checklist.Items.Select(Item).ToList();
        return Serializer.Serialize(root);
    }

    public static void WriteFile(Checklist checklist, string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllText(path, Write(checklist));
    }

    private static Dictionary<string, object?> Item(ChecklistItem item)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = item.Id,
            ["section"] = item.Section,
            ["title"] = item.Title,
            ["severity"] = item.Severity.ToString().ToLowerInvariant(),
        };
        Add(map, "description", item.Description);
        Add(map, "remediation", item.Remediation);
        var tags = item.Tags.ToList();
        if (item.PreviouslyValidated && !tags.Contains(PreviouslyValidatedTag)) tags.Add(PreviouslyValidatedTag);
        if (tags.Count > 0) map["tags"] = tags;
        if (item.Check is { } check)
        {
            var checkMap = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = check.Type };
            foreach (var (key, value) in check.Parameters) checkMap[key] = value;
            map["check"] = checkMap;
        }
        else
        {
            var manual = new Dictionary<string, object?>(StringComparer.Ordinal) { ["approvers"] = item.Manual?.Approvers ?? new List<string>() };
            Add(manual, "instructions", item.Manual?.Instructions);
            map["manual"] = manual;
        }
        return map;
    }

    private static Dictionary<string, object?> Settings(ChecklistSettings settings)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (settings.Parallel is { } parallel) map["parallel"] = parallel;
        if (settings.TimeoutSeconds is { } timeout) map["timeoutSeconds"] = timeout;
        if (settings.MaxResponseMB is { } maxResponse) map["maxResponseMB"] = maxResponse;
        if (settings.NonWaivable.Count > 0) map["nonWaivable"] = settings.NonWaivable;
        if (settings.Decision is { } rule)
            map["decision"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["noGo"] = rule.NoGoSeverities.Select(s => s.ToString().ToLowerInvariant()).ToList(),
                ["conditional"] = rule.ConditionalSeverities.Select(s => s.ToString().ToLowerInvariant()).ToList(),
                ["pendingManual"] = rule.PendingManualIsConditional ? "conditional" : "go",
                ["warning"] = rule.WarningIsConditional ? "conditional" : "go",
                ["waived"] = rule.WaivedIsConditional ? "conditional" : "go",
            };
        return map;
    }

    private static void Add(Dictionary<string, object?> map, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) map[key] = value;
    }
}
