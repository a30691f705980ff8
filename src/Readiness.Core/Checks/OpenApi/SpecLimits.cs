using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Readiness.Core.Checks.OpenApi;

/// <summary>
/// A cheap, non-recursive pass over an OpenAPI document before any reader builds a tree of it. The readers recurse
/// once per nesting level (10,000 levels overflow the stack and kill the process, report and all) and YamlDotNet
/// expands aliases without bound (a 300-byte alias bomb costs minutes and gigabytes), and neither offers a setting
/// for it, so the limits are enforced here.
/// </summary>
public static class SpecLimits
{
    /// <summary>Microsoft.OpenApi's JSON reader stops at 64 itself; a deeper document could never be read anyway.</summary>
    public const int MaxDepth = 64;
    public const int MaxBytes = 16 * 1024 * 1024;
    /// <summary>Nodes after alias expansion; real specs of several megabytes stay well below this.</summary>
    public const long MaxNodes = 1_000_000;

    /// <summary>The limit the document exceeds, as a sentence about the input, or null.</summary>
    public static string? Check(string text)
    {
        if (text.Length > MaxBytes) return SizeProblem(text.Length);
        return text.TrimStart().StartsWith('{') ? CheckJson(text) : CheckYaml(text);
    }

    public static string SizeProblem(long size) =>
        $"the document is larger than {MaxBytes / (1024 * 1024)} MB ({size / (1024.0 * 1024):0.#} MB), the limit for an OpenAPI spec";

    private static string DepthProblem(long line) => $"nesting deeper than {MaxDepth} levels at line {line}";

    private static string? CheckJson(string text)
    {
        var depth = 0;
        var line = 1;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') line++;
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            switch (c)
            {
                case '"': inString = true; break;
                case '{' or '[':
                    if (++depth > MaxDepth) return DepthProblem(line);
                    break;
                case '}' or ']': depth--; break;
            }
        }
        return null;
    }

    private static string? CheckYaml(string text)
    {
        // One running node count per open collection, and the expanded size of every anchored node seen so far.
        var open = new List<(string? Anchor, long Size)>();
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case NodeEvent { } start when start is MappingStart or SequenceStart:
                        if (open.Count + 1 > MaxDepth) return DepthProblem(start.Start.Line);
                        open.Add((start.Anchor.IsEmpty ? null : start.Anchor.Value, 1));
                        break;
                    case MappingEnd or SequenceEnd when open.Count > 0:
                        var (anchor, size) = open[^1];
                        open.RemoveAt(open.Count - 1);
                        if (Complete(anchor, size) is { } tooBig) return tooBig + $" (at line {parser.Current!.Start.Line})";
                        break;
                    case Scalar scalar:
                        if (Complete(scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value, 1) is { } tooMany) return tooMany + $" (at line {scalar.Start.Line})";
                        break;
                    case AnchorAlias alias:
                        // An alias to an unknown or still-open anchor is the parser's error to report, with its position.
                        if (!anchors.TryGetValue(alias.Value.Value, out var expanded)) return null;
                        if (Complete(null, expanded) is { } bomb) return bomb + $" (at line {alias.Start.Line})";
                        break;
                }
            }
        }
        catch (Exception ex) when (Checklists.YamlNodes.IsMalformedYaml(ex))
        {
            return null; // malformed YAML: the reader reports it with its position
        }
        return null;

        string? Complete(string? anchor, long size)
        {
            if (anchor is not null) anchors[anchor] = size;
            long grown;
            if (open.Count > 0)
            {
                open[^1] = (open[^1].Anchor, open[^1].Size + size);
                grown = open[^1].Size;
            }
            else grown = total += size;
            if (grown <= MaxNodes) return null;
            return anchors.Count > 0
                ? $"aliases expand the document beyond {MaxNodes:N0} nodes, the limit for an OpenAPI spec"
                : $"the document has more than {MaxNodes:N0} nodes, the limit for an OpenAPI spec";
        }
    }
}
