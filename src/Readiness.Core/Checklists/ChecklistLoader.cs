using System.Text.RegularExpressions;
using Readiness.Core.Running;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Readiness.Core.Checklists;

/// <summary>
/// Loads YAML checklists (schemaVersion 1). Every problem found is collected with file, line and column and the
/// allowed values, then thrown together as one <see cref="ChecklistException"/>.
/// </summary>
public sealed partial class ChecklistLoader
{
    public const int SupportedSchemaVersion = 1;
    private static readonly string[] TopLevelKeys = { "schemaVersion", "name", "title", "version", "description", "variables", "settings", "items" };
    private static readonly string[] ItemKeys = { "id", "section", "title", "severity", "description", "remediation", "check", "manual", "tags" };
    private static readonly string[] SettingKeys = { "parallel", "timeoutSeconds", "maxResponseMB", "decision", "nonWaivable" };
    private static readonly string[] DecisionKeys = { "noGo", "conditional", "pendingManual", "warning", "waived" };

    private readonly CheckRegistry _registry;

    public ChecklistLoader(CheckRegistry? registry = null) => _registry = registry ?? CheckRegistry.Default;

    public Checklist LoadFile(string path, VariableResolver? variables = null)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ChecklistException(path, 0, 0, $"cannot read the checklist: {ex.Message}");
        }
        var checklist = LoadText(text, path, variables);
        checklist.Path = Path.GetFullPath(path);
        return checklist;
    }

    public Checklist LoadText(string text, string sourceName, VariableResolver? variables = null)
    {
        var errors = new List<ChecklistError>();
        void Error(YamlNode? node, string message)
        {
            var (line, column) = node is null ? (1, 1) : YamlNodes.Position(node);
            errors.Add(new ChecklistError(sourceName, line, column, message));
        }

        YamlMappingNode root;
        try
        {
            var stream = YamlLimits.Load(text, "a checklist");
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
                throw new ChecklistException(sourceName, 1, 1, "a checklist must be a YAML mapping with schemaVersion, name and items.");
            if (stream.Documents.Count > 1)
                throw new ChecklistException(sourceName, (int)stream.Documents[1].RootNode.Start.Line, 1, "one checklist per file: a second YAML document was found.");
            root = map;
        }
        catch (YamlException ex)
        {
            throw new ChecklistException(sourceName, (int)ex.Start.Line, (int)ex.Start.Column, $"invalid YAML: {Inner(ex)}");
        }
        catch (Exception ex) when (YamlNodes.IsMalformedYaml(ex))
        {
            var (line, column) = YamlNodes.LastReadablePosition(text);
            throw new ChecklistException(sourceName, line, column, "invalid YAML: the text after this point cannot be read as YAML.");
        }

        var checklist = new Checklist();
        CheckKeys(root, TopLevelKeys, "checklist", Error);

        var schema = Child(root, "schemaVersion");
        if (schema is null) Error(root, $"'schemaVersion' is required (supported: {SupportedSchemaVersion}).");
        else if (YamlNodes.ToValue(schema) is not long v || v != SupportedSchemaVersion)
            Error(schema, $"'schemaVersion' must be {SupportedSchemaVersion}.");

        checklist.Name = ScalarText(root, "name", Error, required: true) ?? "";
        checklist.Title = ScalarText(root, "title", Error);
        checklist.Version = ScalarText(root, "version", Error);

        if (Child(root, "variables") is { } varsNode)
        {
            if (varsNode is YamlMappingNode vars)
                foreach (var (k, val) in vars.Children)
                {
                    if (k is not YamlScalarNode { Value: { Length: > 0 } name }) Error(k, "a variable name must be plain text.");
                    else if (val is not YamlScalarNode s) Error(val, $"variable '{name}' must have a text default value.");
                    else checklist.Variables[name] = s.Value ?? "";
                }
            else Error(varsNode, "'variables' must be a mapping of names to default values.");
        }

        var resolver = (variables ?? new VariableResolver()).WithDefaults(checklist.Variables);
        if (Child(root, "settings") is { } settingsNode) ReadSettings(settingsNode, checklist.Settings, Error);

        var itemsNode = Child(root, "items");
        if (itemsNode is null) Error(root, "'items' is required: a list of checklist items.");
        else if (itemsNode is not YamlSequenceNode seq) Error(itemsNode, "'items' must be a list.");
        else
        {
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var node in seq.Children)
            {
                var item = ReadItem(node, resolver, Error);
                if (item is null) continue;
                if (seen.TryGetValue(item.Id, out var firstLine))
                    Error(node, $"duplicate item id '{item.Id}' (first defined on line {firstLine}).");
                else seen[item.Id] = item.Line;
                checklist.Items.Add(item);
            }
            if (seq.Children.Count == 0) Error(seq, "'items' is empty: a checklist must have at least one item.");
        }

        checklist.Variables = resolver.Effective();
        if (errors.Count > 0) throw new ChecklistException(errors);
        return checklist;
    }

    private ChecklistItem? ReadItem(YamlNode node, VariableResolver resolver, Action<YamlNode?, string> error)
    {
        if (node is not YamlMappingNode map)
        {
            error(node, "each item must be a mapping with id, section, title, severity and check or manual.");
            return null;
        }
        CheckKeys(map, ItemKeys, "item", error);
        var (line, column) = YamlNodes.Position(map);
        var item = new ChecklistItem
        {
            Id = ScalarText(map, "id", error, required: true) ?? "",
            Section = ScalarText(map, "section", error, required: true) ?? "",
            Title = ScalarText(map, "title", error, required: true) ?? "",
            Description = ScalarText(map, "description", error),
            Remediation = ScalarText(map, "remediation", error),
            Line = line,
            Column = column,
        };
        if (item.Id.Length > 0 && !IdPattern().IsMatch(item.Id))
            error(Child(map, "id"), $"item id '{item.Id}' must be lower-case letters, digits, dots, dashes or underscores (e.g. security.tls-version).");

        var severity = ScalarText(map, "severity", error, required: true);
        if (severity is not null)
        {
            if (Enum.TryParse<Severity>(severity, ignoreCase: true, out var sev) && !int.TryParse(severity, out _)) item.Severity = sev;
            else error(Child(map, "severity"), $"severity '{severity}' is not allowed. Allowed: {AllowedSeverities}.");
        }

        if (Child(map, "tags") is YamlSequenceNode tags)
            item.Tags = tags.Children.OfType<YamlScalarNode>().Select(t => t.Value ?? "").ToList();
        // Items ticked in an imported Markdown checklist keep that fact through YAML as a tag.
        item.PreviouslyValidated = item.Tags.Contains(ChecklistYamlWriter.PreviouslyValidatedTag, StringComparer.OrdinalIgnoreCase);

        var checkNode = Child(map, "check");
        var manualNode = Child(map, "manual");
        if (checkNode is null && manualNode is null)
            error(map, $"item '{item.Id}' needs either 'check' (automated) or 'manual' (a person attests).");
        else if (checkNode is not null && manualNode is not null)
            error(manualNode, $"item '{item.Id}' has both 'check' and 'manual'; choose one.");
        else if (checkNode is not null) item.Check = ReadCheck(checkNode, item.Id, resolver, error);
        else item.Manual = ReadManual(manualNode!, error);
        return item;
    }

    private CheckSpec? ReadCheck(YamlNode node, string itemId, VariableResolver resolver, Action<YamlNode?, string> error)
    {
        if (node is not YamlMappingNode map)
        {
            error(node, $"'check' of item '{itemId}' must be a mapping with 'type' and its parameters.");
            return null;
        }
        var type = ScalarText(map, "type", error, required: true);
        if (type is null) return null;
        if (!_registry.TryGet(type, out var check))
        {
            error(Child(map, "type"), $"unknown check type '{type}'. Allowed: {string.Join(", ", _registry.Types)}.");
            return null;
        }
        var spec = new CheckSpec { Type = check.Type };
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (key == "type") continue;
            if (!check.Parameters.Contains(key))
            {
                error(keyNode, $"check type '{check.Type}' has no parameter '{key}'. Allowed: {string.Join(", ", check.Parameters.OrderBy(p => p))}.");
                continue;
            }
            if (LiteralCredentials.Problem(check.Type, key, valueNode) is { } leak) { error(valueNode, leak); continue; }
            spec.Parameters[key] = Substitute(YamlNodes.ToValue(valueNode), valueNode, resolver, error, spec.PathBases);
        }
        if (check is Checks.All.AllCheck) CheckNestedChecks(Child(map, "checks"), itemId, error);
        return spec;
    }

    /// <summary>The checks listed by an <c>all</c> item are validated like top-level ones, so they fail at load time with a position.</summary>
    private void CheckNestedChecks(YamlNode? node, string itemId, Action<YamlNode?, string> error)
    {
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            error(node, $"'checks' of item '{itemId}' must be a non-empty list of checks, each with 'type' and its parameters.");
            return;
        }
        foreach (var child in list.Children)
        {
            if (child is not YamlMappingNode inner) { error(child, "each entry of 'checks' must be a mapping with 'type' and its parameters."); continue; }
            var type = ScalarText(inner, "type", error, required: true);
            if (type is null) continue;
            if (!_registry.TryGet(type, out var innerCheck) || innerCheck is Checks.All.AllCheck)
            {
                error(Child(inner, "type"), $"unknown check type '{type}' inside 'all'. Allowed: {string.Join(", ", _registry.Types.Where(t => t != "all"))}.");
                continue;
            }
            foreach (var (keyNode, valueNode) in inner.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                if (key != "type" && !innerCheck.Parameters.Contains(key))
                    error(keyNode, $"check type '{innerCheck.Type}' has no parameter '{key}'. Allowed: {string.Join(", ", innerCheck.Parameters.OrderBy(p => p))}.");
                else if (LiteralCredentials.Problem(innerCheck.Type, key, valueNode) is { } leak)
                    error(valueNode, leak);
            }
        }
    }

    private static object? Substitute(object? value, YamlNode node, VariableResolver resolver, Action<YamlNode?, string> error,
        Dictionary<string, string> pathBases) => value switch
    {
        string s => Substitute(s, node, resolver, error, pathBases),
        List<object?> list => list.Select(v => Substitute(v, node, resolver, error, pathBases)).ToList(),
        Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => Substitute(kv.Value, node, resolver, error, pathBases), StringComparer.Ordinal),
        _ => value,
    };

    private static string Substitute(string text, YamlNode node, VariableResolver resolver, Action<YamlNode?, string> error,
        Dictionary<string, string> pathBases)
    {
        var value = resolver.Substitute(text, name => error(node, $"variable '{name}' is not defined. Supply it with -Variable/--var {name}=..., a profile file or the environment."));
        if (resolver.BaseDirectoryOf(text) is { } baseDirectory && !Path.IsPathRooted(value)) pathBases.TryAdd(value, baseDirectory);
        return value;
    }

    private static ManualSpec ReadManual(YamlNode node, Action<YamlNode?, string> error)
    {
        var spec = new ManualSpec();
        switch (node)
        {
            case YamlMappingNode map:
                CheckKeys(map, new[] { "approvers", "instructions" }, "manual", error);
                if (Child(map, "approvers") is { } approvers)
                {
                    if (approvers is YamlSequenceNode seq) spec.Approvers = seq.Children.OfType<YamlScalarNode>().Select(a => a.Value ?? "").ToList();
                    else if (approvers is YamlScalarNode one) spec.Approvers = new() { one.Value ?? "" };
                }
                spec.Instructions = (Child(map, "instructions") as YamlScalarNode)?.Value;
                break;
            case YamlScalarNode scalar when scalar.Value is "true" or "" or null:
                break;
            default:
                error(node, "'manual' must be a mapping with 'approvers' (a list) and optional 'instructions'.");
                break;
        }
        return spec;
    }

    private static void ReadSettings(YamlNode node, ChecklistSettings settings, Action<YamlNode?, string> error)
    {
        if (node is not YamlMappingNode map) { error(node, "'settings' must be a mapping."); return; }
        CheckKeys(map, SettingKeys, "settings", error);
        settings.Parallel = PositiveInt(map, "parallel", error);
        settings.TimeoutSeconds = PositiveInt(map, "timeoutSeconds", error);
        settings.MaxResponseMB = PositiveInt(map, "maxResponseMB", error);
        if (Child(map, "nonWaivable") is YamlSequenceNode nw)
            settings.NonWaivable = nw.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList();
        if (Child(map, "decision") is { } decisionNode)
        {
            if (decisionNode is not YamlMappingNode d) { error(decisionNode, "'decision' must be a mapping."); return; }
            CheckKeys(d, DecisionKeys, "decision", error);
            var rule = new DecisionRule();
            if (Child(d, "noGo") is { } noGo) rule.NoGoSeverities = Severities(noGo, error);
            if (Child(d, "conditional") is { } cond) rule.ConditionalSeverities = Severities(cond, error);
            if (Child(d, "pendingManual") is YamlScalarNode pm)
            {
                if (pm.Value is "conditional" or "go") rule.PendingManualIsConditional = pm.Value == "conditional";
                else error(pm, "'pendingManual' must be conditional or go.");
            }
            if (Child(d, "warning") is YamlScalarNode w)
            {
                if (w.Value is "conditional" or "go") rule.WarningIsConditional = w.Value == "conditional";
                else error(w, "'warning' must be conditional or go.");
            }
            if (Child(d, "waived") is YamlScalarNode wv)
            {
                if (wv.Value is "conditional" or "go") rule.WaivedIsConditional = wv.Value == "conditional";
                else error(wv, "'waived' must be conditional or go.");
            }
            settings.Decision = rule;
        }
    }

    /// <summary>Most severe first, the way checklists are written and read.</summary>
    private static readonly string AllowedSeverities =
        string.Join(", ", Enum.GetValues<Severity>().OrderByDescending(s => s).Select(s => s.ToString().ToLowerInvariant()));

    private static List<Severity> Severities(YamlNode node, Action<YamlNode?, string> error)
    {
        var result = new List<Severity>();
        var values = node is YamlSequenceNode seq ? seq.Children : new List<YamlNode> { node };
        foreach (var v in values)
        {
            if (v is YamlScalarNode s && Enum.TryParse<Severity>(s.Value, true, out var sev) && !int.TryParse(s.Value, out _)) result.Add(sev);
            else error(v, $"not a severity. Allowed: {AllowedSeverities}.");
        }
        return result;
    }

    private static int? PositiveInt(YamlMappingNode map, string key, Action<YamlNode?, string> error)
    {
        if (Child(map, key) is not { } node) return null;
        if (YamlNodes.ToValue(node) is long v && v is > 0 and <= 10000) return (int)v;
        error(node, $"'{key}' must be a whole number from 1 to 10000.");
        return null;
    }

    private static void CheckKeys(YamlMappingNode map, string[] allowed, string what, Action<YamlNode?, string> error)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
                error(key, $"unknown {what} key '{name}'. Allowed: {string.Join(", ", allowed)}.");
        }
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode s && s.Value == key).Value;

    private static string? ScalarText(YamlMappingNode map, string key, Action<YamlNode?, string> error, bool required = false)
    {
        var node = Child(map, key);
        if (node is null)
        {
            if (required) error(map, $"'{key}' is required.");
            return null;
        }
        if (node is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)) return s.Value;
        error(node, $"'{key}' must be a non-empty text value.");
        return null;
    }

    private static string Inner(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        var paren = message.IndexOf("): ", StringComparison.Ordinal);
        return paren >= 0 && message.StartsWith('(') ? message[(paren + 3)..] : message;
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex IdPattern();
}
