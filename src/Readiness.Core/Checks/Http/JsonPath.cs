using System.Globalization;
using System.Text.Json;

namespace Readiness.Core.Checks.Http;

/// <summary>
/// A deliberately small JSON path: dotted names and [index] steps, with an optional leading <c>$</c>
/// (<c>$.status</c>, <c>checks[0].status</c>, <c>$.a['b c']</c>). Enough for health and API assertions; not JSONPath filters.
/// </summary>
public static class JsonPath
{
    public abstract record Step;
    public sealed record Name(string Value) : Step;
    public sealed record Index(int Value) : Step;

    /// <summary>Parses a path. Throws <see cref="FormatException"/> (the only documented error) naming the position.</summary>
    public static IReadOnlyList<Step> Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var steps = new List<Step>();
        var i = 0;
        var text = path.Trim();
        if (text.StartsWith('$')) i = 1;
        if (text.Length == 0 || text == "$") return steps;
        var expectName = i == 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '.')
            {
                i++;
                if (i >= text.Length) throw Bad(path, i, "a name after '.'");
                expectName = true;
                continue;
            }
            if (c == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0) throw Bad(path, i, "a closing ']'");
                var inner = text[(i + 1)..close].Trim();
                if (inner.Length >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[^1] == inner[0])
                    steps.Add(new Name(inner[1..^1]));
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    steps.Add(new Index(n));
                else throw Bad(path, i, "an index such as [0] or a quoted name such as ['name']");
                i = close + 1;
                expectName = false;
                continue;
            }
            if (!expectName) throw Bad(path, i, "'.' or '['");
            var start = i;
            while (i < text.Length && text[i] != '.' && text[i] != '[') i++;
            var name = text[start..i];
            if (name.Length == 0 || name.Any(char.IsWhiteSpace)) throw Bad(path, start, "a name without spaces");
            steps.Add(new Name(name));
            expectName = false;
        }
        return steps;
    }

    /// <summary>Follows the path; false when a step does not exist in the document.</summary>
    public static bool TryEvaluate(JsonElement root, string path, out JsonElement value)
    {
        value = root;
        foreach (var step in Parse(path))
        {
            switch (step)
            {
                case Name n when value.ValueKind == JsonValueKind.Object && value.TryGetProperty(n.Value, out var child):
                    value = child;
                    break;
                case Index ix when value.ValueKind == JsonValueKind.Array && ix.Value < value.GetArrayLength():
                    value = value[ix.Value];
                    break;
                default:
                    return false;
            }
        }
        return true;
    }

    /// <summary>A value as a person would write it in a checklist: strings unquoted, everything else as JSON text.</summary>
    public static string Show(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();

    private static FormatException Bad(string path, int position, string expected) =>
        new($"JSON path '{path}' is malformed at position {position + 1}: expected {expected}.");
}
