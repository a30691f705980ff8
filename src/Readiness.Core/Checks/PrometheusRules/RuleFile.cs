using Readiness.Core.Checks.PrometheusRules.PromQl;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Readiness.Core.Checks.PrometheusRules;

/// <summary>One alerting or recording rule as written, with the line it starts on and its parsed expression.</summary>
public sealed class PrometheusRule
{
    public string File { get; init; } = "";
    public string Group { get; init; } = "";
    public string Name { get; init; } = "";
    public bool IsAlert { get; init; }
    public string Expr { get; init; } = "";
    public int Line { get; init; }
    public int ExprLine { get; init; }
    public string? For { get; init; }
    public Dictionary<string, string> Labels { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Annotations { get; init; } = new(StringComparer.Ordinal);
    public PromExpr? Parsed { get; set; }

    public override string ToString() => $"{(IsAlert ? "alert" : "record")} {Name} ({Path.GetFileName(File)}:{Line})";
}

/// <summary>A problem in a rule file: errors break loading in Prometheus; the others are release hygiene.</summary>
public sealed record RuleFinding(string File, int Line, string Message, bool IsError)
{
    public override string ToString() => $"{Path.GetFileName(File)}:{Line}: {Message}";
}

public sealed class RuleFileReport
{
    public string File { get; init; } = "";
    public List<PrometheusRule> Rules { get; } = new();
    public List<RuleFinding> Findings { get; } = new();
    public IEnumerable<PrometheusRule> Alerts => Rules.Where(r => r.IsAlert);
}

/// <summary>What every alert must carry; defaults follow common on-call practice.</summary>
public sealed class RuleHygiene
{
    public IReadOnlyList<string> RequiredLabels { get; init; } = new[] { "severity" };
    public IReadOnlyList<string> RequiredAnnotations { get; init; } = new[] { "summary", "description", "runbook_url" };
}

/// <summary>
/// Reads Prometheus rule files: plain files (<c>groups:</c>) and PrometheusRule custom resources (<c>spec.groups</c>),
/// in any number of YAML documents. Every problem becomes a finding with its line; reading never throws for bad
/// content.
/// </summary>
public static class RuleFileReader
{
    private static readonly HashSet<string> RuleKeys = new(StringComparer.Ordinal) { "alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations" };
    private static readonly HashSet<string> GroupKeys = new(StringComparer.Ordinal) { "name", "interval", "rules", "limit", "partial_response_strategy", "source_tenants" };

    public static RuleFileReport Read(string path, RuleHygiene? hygiene = null) => Parse(path, System.IO.File.ReadAllText(path), hygiene);

    public static RuleFileReport Parse(string file, string text, RuleHygiene? hygiene = null)
    {
        hygiene ??= new RuleHygiene();
        var report = new RuleFileReport { File = file };
        YamlStream stream;
        try
        {
            stream = Checklists.YamlLimits.Load(text, "a rule file");
        }
        catch (YamlException ex)
        {
            report.Findings.Add(new RuleFinding(file, (int)ex.Start.Line, $"invalid YAML at column {ex.Start.Column}: {Inner(ex).Message}", true));
            return report;
        }
        catch (Exception ex) when (Checklists.YamlNodes.IsMalformedYaml(ex))
        {
            var (line, column) = Checklists.YamlNodes.LastReadablePosition(text);
            report.Findings.Add(new RuleFinding(file, line, $"invalid YAML at column {column}: the text after this point cannot be read as YAML", true));
            return report;
        }
        var groupsSeen = 0;
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root) continue;
            YamlNode? groups;
            if (Scalar(root, "kind") is { } kind)
            {
                if (kind != "PrometheusRule") continue;
                groups = (root.Children.TryGetValue(new YamlScalarNode("spec"), out var spec) ? spec as YamlMappingNode : null) is { } specMap
                    ? Child(specMap, "groups")
                    : null;
                if (groups is null)
                {
                    report.Findings.Add(new RuleFinding(file, Line(root), "PrometheusRule has no spec.groups", true));
                    continue;
                }
            }
            else
            {
                groups = Child(root, "groups");
                if (groups is null)
                {
                    if (root.Children.Count > 0) report.Findings.Add(new RuleFinding(file, Line(root), "document has no 'groups:' list of rule groups", true));
                    continue;
                }
            }
            groupsSeen++;
            ReadGroups(report, groups, hygiene);
        }
        if (groupsSeen == 0 && report.Findings.Count == 0)
            report.Findings.Add(new RuleFinding(file, 1, "no rule groups found (expected groups: or a PrometheusRule)", true));

        foreach (var duplicate in report.Alerts.GroupBy(a => a.Name).Where(g => g.Count() > 1))
            report.Findings.Add(new RuleFinding(file, duplicate.Skip(1).First().Line,
                $"alert {duplicate.Key} is defined {duplicate.Count()} times (lines {string.Join(", ", duplicate.Select(d => d.Line))})", false));
        return report;
    }

    private static void ReadGroups(RuleFileReport report, YamlNode groups, RuleHygiene hygiene)
    {
        var file = report.File;
        if (groups is not YamlSequenceNode list)
        {
            report.Findings.Add(new RuleFinding(file, Line(groups), "'groups' must be a list", true));
            return;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in list)
        {
            if (node is not YamlMappingNode group) { report.Findings.Add(new RuleFinding(file, Line(node), "a rule group must be a mapping", true)); continue; }
            foreach (var key in group.Children.Keys.OfType<YamlScalarNode>().Where(k => !GroupKeys.Contains(k.Value ?? "")))
                report.Findings.Add(new RuleFinding(file, Line(key), $"unknown field '{key.Value}' in rule group", true));
            var name = Scalar(group, "name");
            if (string.IsNullOrEmpty(name)) report.Findings.Add(new RuleFinding(file, Line(group), "rule group has no name", true));
            else if (!names.Add(name)) report.Findings.Add(new RuleFinding(file, Line(group), $"rule group name '{name}' is repeated in the same file", true));
            if (Scalar(group, "interval") is { } interval && !PromQlLexer.TryParseDuration(interval, out _))
                report.Findings.Add(new RuleFinding(file, Line(Child(group, "interval")!), $"group {name} has an invalid interval '{interval}'", true));
            var rules = Child(group, "rules");
            if (rules is null) continue;
            if (rules is not YamlSequenceNode ruleList) { report.Findings.Add(new RuleFinding(file, Line(rules), "'rules' must be a list", true)); continue; }
            foreach (var ruleNode in ruleList)
            {
                if (ruleNode is not YamlMappingNode rule) { report.Findings.Add(new RuleFinding(file, Line(ruleNode), "a rule must be a mapping", true)); continue; }
                ReadRule(report, name ?? "", rule, hygiene);
            }
        }
    }

    private static void ReadRule(RuleFileReport report, string group, YamlMappingNode rule, RuleHygiene hygiene)
    {
        var file = report.File;
        var line = Line(rule);
        void Add(string message, bool error, int? at = null) => report.Findings.Add(new RuleFinding(file, at ?? line, message, error));

        foreach (var key in rule.Children.Keys.OfType<YamlScalarNode>().Where(k => !RuleKeys.Contains(k.Value ?? "")))
            Add($"unknown field '{key.Value}' in rule", true, Line(key));
        var alert = Scalar(rule, "alert");
        var record = Scalar(rule, "record");
        var exprNode = Child(rule, "expr");
        var expr = (exprNode as YamlScalarNode)?.Value ?? "";
        var label = alert is not null ? $"alert {alert}" : record is not null ? $"recording rule {record}" : "rule";
        if (alert is null && record is null) { Add("rule has neither 'alert' nor 'record'", true); }
        if (alert is not null && record is not null) { Add($"rule has both 'alert' ({alert}) and 'record' ({record})", true); }
        if (alert is not null && alert.Trim().Length == 0) Add("alert name is empty", true);
        if (record is not null && !Metrics.MetricsParser.IsMetricName(record)) Add($"recording rule name '{record}' is not a valid metric name", true);

        var labels = Map(rule, "labels", report, label);
        var annotations = Map(rule, "annotations", report, label);
        var forText = Scalar(rule, "for");
        var parsed = new PrometheusRule
        {
            File = file, Group = group, Name = alert ?? record ?? "", IsAlert = alert is not null, Expr = expr, Line = line,
            ExprLine = exprNode is null ? line : Line(exprNode), For = forText, Labels = labels, Annotations = annotations,
        };
        if (alert is not null || record is not null) report.Rules.Add(parsed);

        if (exprNode is null || expr.Trim().Length == 0) Add($"{label} has no expr", true);
        else
        {
            try { parsed.Parsed = PromQlParser.Parse(expr); }
            catch (PromQlParseException ex)
            {
                Add($"{label} has an invalid PromQL expression: {ex.Reason} at character {ex.Position + 1}", true, ErrorLine(exprNode, expr, ex.Position));
            }
        }
        if (forText is not null && (record is not null || !PromQlLexer.TryParseDuration(forText, out _) && forText != "0"))
            Add(record is not null ? $"{label} has 'for', which only alerts may have" : $"{label} has an invalid 'for' duration '{forText}' (use 5m, 1h30m...)", true, Line(Child(rule, "for")!));
        if (Scalar(rule, "keep_firing_for") is { } keep && !PromQlLexer.TryParseDuration(keep, out _))
            Add($"{label} has an invalid 'keep_firing_for' duration '{keep}'", true, Line(Child(rule, "keep_firing_for")!));

        if (alert is null) return;
        foreach (var required in hygiene.RequiredLabels)
            if (!labels.TryGetValue(required, out var v) || v.Trim().Length == 0) Add($"{label} has no '{required}' label", false);
        foreach (var required in hygiene.RequiredAnnotations)
            if (!annotations.TryGetValue(required, out var v) || v.Trim().Length == 0) Add($"{label} has no '{required}' annotation", false);
    }

    /// <summary>The file line of a character of a literal block expression (expr: |), else the expr line.</summary>
    private static int ErrorLine(YamlNode exprNode, string expr, int position)
    {
        if (exprNode is not YamlScalarNode { Style: ScalarStyle.Literal }) return Line(exprNode);
        var newlines = expr.Take(Math.Min(position, expr.Length)).Count(c => c == '\n');
        return Line(exprNode) + 1 + newlines;
    }

    private static Dictionary<string, string> Map(YamlMappingNode rule, string key, RuleFileReport report, string label)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = Child(rule, key);
        if (node is null || node is YamlScalarNode { Value: null or "" or "~" or "null" }) return result;
        if (node is not YamlMappingNode map)
        {
            report.Findings.Add(new RuleFinding(report.File, Line(node), $"'{key}' of {label} must be a mapping", true));
            return result;
        }
        foreach (var (k, v) in map.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            if (v is not YamlScalarNode scalar)
            {
                report.Findings.Add(new RuleFinding(report.File, Line(v), $"{key} '{name}' of {label} must be a string", true));
                continue;
            }
            result[name] = scalar.Value ?? "";
        }
        return result;
    }

    internal static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    internal static string? Scalar(YamlMappingNode map, string key) => Child(map, key) switch
    {
        YamlScalarNode s => s.Value,
        null => null,
        _ => null,
    };

    internal static int Line(YamlNode node) => (int)node.Start.Line;

    private static Exception Inner(Exception ex) => ex.InnerException is YamlException inner ? inner : ex;
}
