using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Readiness.Core.Checks.AlertRouting;

public enum MatcherOp { Equal, NotEqual, Regex, NotRegex }

/// <summary>One Alertmanager matcher. A label the alert lacks counts as the empty string, as in Alertmanager.</summary>
public sealed class RouteMatcher
{
    private readonly Regex? _regex;

    public RouteMatcher(string name, MatcherOp op, string value)
    {
        Name = name;
        Op = op;
        Value = value;
        if (op is MatcherOp.Regex or MatcherOp.NotRegex)
            _regex = new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public string Name { get; }
    public MatcherOp Op { get; }
    public string Value { get; }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var v = labels.TryGetValue(Name, out var x) ? x : "";
        return Op switch
        {
            MatcherOp.Equal => v == Value,
            MatcherOp.NotEqual => v != Value,
            MatcherOp.Regex => _regex!.IsMatch(v),
            _ => !_regex!.IsMatch(v),
        };
    }

    public override string ToString() =>
        $"{Name}{Op switch { MatcherOp.Equal => "=", MatcherOp.NotEqual => "!=", MatcherOp.Regex => "=~", _ => "!~" }}\"{Value}\"";
}

public sealed class Route
{
    public string? Receiver { get; init; }
    public List<RouteMatcher> Matchers { get; } = new();
    public bool Continue { get; init; }
    public List<Route> Routes { get; } = new();
    public int Line { get; init; }
    /// <summary>The receiver after inheritance from the parent route.</summary>
    public string EffectiveReceiver { get; internal set; } = "";

    /// <summary>
    /// The routes an alert with <paramref name="labels"/> ends at, in tree order, exactly as Alertmanager's
    /// dispatcher walks: children in order, stop at the first match unless it has continue: true; a route whose
    /// children all miss is itself the match.
    /// </summary>
    public List<Route> Match(IReadOnlyDictionary<string, string> labels)
    {
        if (!Matchers.All(m => m.Matches(labels))) return new();
        var all = new List<Route>();
        foreach (var child in Routes)
        {
            var matches = child.Match(labels);
            all.AddRange(matches);
            if (matches.Count > 0 && !child.Continue) break;
        }
        if (all.Count == 0) all.Add(this);
        return all;
    }
}

public sealed class AlertmanagerReceiver
{
    public string Name { get; init; } = "";
    /// <summary>Integration kinds configured on the receiver: pagerduty, opsgenie, slack, webhook, email, ...</summary>
    public List<string> Integrations { get; } = new();
    public int Line { get; init; }
}

public sealed class AlertmanagerConfigException(int line, string reason) : Exception($"line {line}: {reason}")
{
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}

/// <summary>An Alertmanager configuration: the route tree and the receivers, read with line numbers.</summary>
public sealed class AlertmanagerConfig
{
    public Route Root { get; private init; } = new();
    public Dictionary<string, AlertmanagerReceiver> Receivers { get; } = new(StringComparer.Ordinal);

    /// <summary>Receiver names an alert reaches, in order, duplicates removed (as amtool prints them).</summary>
    public List<string> ReceiversFor(IReadOnlyDictionary<string, string> labels) =>
        Root.Match(labels).Select(r => r.EffectiveReceiver).Distinct().ToList();

    public static AlertmanagerConfig Load(string path) => Parse(File.ReadAllText(path));

    public static AlertmanagerConfig Parse(string text)
    {
        YamlStream stream;
        try { stream = Checklists.YamlLimits.Load(text, "an Alertmanager configuration"); }
        catch (YamlException ex) { throw new AlertmanagerConfigException((int)ex.Start.Line, "invalid YAML: " + (ex.InnerException ?? ex).Message); }
        catch (Exception ex) when (Checklists.YamlNodes.IsMalformedYaml(ex))
        {
            var (line, column) = Checklists.YamlNodes.LastReadablePosition(text);
            throw new AlertmanagerConfigException(line, $"invalid YAML at column {column}: the text after this point cannot be read as YAML");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new AlertmanagerConfigException(1, "the configuration must be a mapping with route: and receivers:");

        var config = new AlertmanagerConfig { Root = ReadRoute(Child(root, "route") ?? throw new AlertmanagerConfigException(1, "no route: section"), null, true) };
        if (Child(root, "receivers") is YamlSequenceNode receivers)
        {
            foreach (var node in receivers.OfType<YamlMappingNode>())
            {
                var name = Scalar(node, "name") ?? throw new AlertmanagerConfigException(Line(node), "a receiver has no name");
                var receiver = new AlertmanagerReceiver { Name = name, Line = Line(node) };
                foreach (var (key, value) in node.Children)
                {
                    var k = (key as YamlScalarNode)?.Value ?? "";
                    if (k.EndsWith("_configs", StringComparison.Ordinal) && value is YamlSequenceNode { Children.Count: > 0 })
                        receiver.Integrations.Add(k[..^"_configs".Length]);
                }
                if (!config.Receivers.TryAdd(name, receiver))
                    throw new AlertmanagerConfigException(Line(node), $"receiver {name} is defined twice");
            }
        }
        Check(config.Root, config);
        return config;
    }

    private static void Check(Route route, AlertmanagerConfig config)
    {
        if (!config.Receivers.ContainsKey(route.EffectiveReceiver))
            throw new AlertmanagerConfigException(route.Line, $"route uses receiver {route.EffectiveReceiver}, which is not defined under receivers:");
        foreach (var child in route.Routes) Check(child, config);
    }

    private static Route ReadRoute(YamlNode node, Route? parent, bool isRoot)
    {
        if (node is not YamlMappingNode map) throw new AlertmanagerConfigException(Line(node), "a route must be a mapping");
        var receiver = Scalar(map, "receiver");
        if (isRoot && string.IsNullOrEmpty(receiver)) throw new AlertmanagerConfigException(Line(map), "the root route must have a receiver");
        var route = new Route
        {
            Receiver = receiver,
            Continue = Scalar(map, "continue") is { } c && c.Equals("true", StringComparison.OrdinalIgnoreCase),
            Line = Line(map),
        };
        route.EffectiveReceiver = string.IsNullOrEmpty(receiver) ? parent!.EffectiveReceiver : receiver;
        if (isRoot && route.Continue) throw new AlertmanagerConfigException(Line(map), "cannot have continue in root route");
        try
        {
            if (Child(map, "match") is YamlMappingNode match)
                foreach (var (k, v) in match.Children)
                    route.Matchers.Add(new RouteMatcher(LabelName(k), MatcherOp.Equal, (v as YamlScalarNode)?.Value ?? ""));
            if (Child(map, "match_re") is YamlMappingNode matchRe)
                foreach (var (k, v) in matchRe.Children)
                    route.Matchers.Add(new RouteMatcher(LabelName(k), MatcherOp.Regex, (v as YamlScalarNode)?.Value ?? ""));
            if (Child(map, "matchers") is YamlSequenceNode matchers)
                foreach (var m in matchers.OfType<YamlScalarNode>())
                    route.Matchers.AddRange(ParseMatchers(m.Value ?? "", Line(m)));
        }
        catch (ArgumentException ex) { throw new AlertmanagerConfigException(Line(map), "invalid regular expression: " + ex.Message); }
        if (isRoot && route.Matchers.Count > 0) throw new AlertmanagerConfigException(Line(map), "the root route must not have any matchers");
        if (Child(map, "routes") is YamlSequenceNode children)
            foreach (var child in children) route.Routes.Add(ReadRoute(child, route, false));
        return route;
    }

    /// <summary>Alertmanager matcher syntax: <c>name="value"</c>, <c>name=~"re"</c>, unquoted values, several separated by commas, optionally in braces.</summary>
    public static List<RouteMatcher> ParseMatchers(string text, int line)
    {
        var result = new List<RouteMatcher>();
        var s = text.Trim();
        if (s.StartsWith('{') && s.EndsWith('}')) s = s[1..^1];
        var i = 0;
        while (true)
        {
            while (i < s.Length && (char.IsWhiteSpace(s[i]) || s[i] == ',')) i++;
            if (i >= s.Length) break;
            var start = i;
            while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or ':' or '.')) i++;
            var name = s[start..i].Trim();
            while (i < s.Length && s[i] == ' ') i++;
            if (name.Length == 0) throw new AlertmanagerConfigException(line, $"bad matcher '{text}': expected a label name");
            MatcherOp op;
            if (i + 1 < s.Length && s[i] == '=' && s[i + 1] == '~') { op = MatcherOp.Regex; i += 2; }
            else if (i + 1 < s.Length && s[i] == '!' && s[i + 1] == '~') { op = MatcherOp.NotRegex; i += 2; }
            else if (i + 1 < s.Length && s[i] == '!' && s[i + 1] == '=') { op = MatcherOp.NotEqual; i += 2; }
            else if (i < s.Length && s[i] == '=') { op = MatcherOp.Equal; i += 1; }
            else throw new AlertmanagerConfigException(line, $"bad matcher '{text}': expected =, !=, =~ or !~ after {name}");
            while (i < s.Length && s[i] == ' ') i++;
            var value = new StringBuilder();
            if (i < s.Length && s[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= s.Length) throw new AlertmanagerConfigException(line, $"bad matcher '{text}': unterminated quoted value");
                    var c = s[i++];
                    if (c == '"') break;
                    if (c == '\\' && i < s.Length)
                    {
                        var e = s[i++];
                        value.Append(e switch { 'n' => '\n', 't' => '\t', _ => e });
                    }
                    else value.Append(c);
                }
            }
            else
            {
                while (i < s.Length && s[i] != ',') value.Append(s[i++]);
            }
            result.Add(new RouteMatcher(name, op, value.ToString().Trim()));
        }
        return result;
    }

    private static string LabelName(YamlNode key) =>
        (key as YamlScalarNode)?.Value is { Length: > 0 } name ? name : throw new AlertmanagerConfigException(Line(key), "a match label name must be a string");

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;

    private static int Line(YamlNode node) => (int)node.Start.Line;
}
