using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Readiness.Core.Checklists;

/// <summary>
/// A cheap, non-recursive pass over a YAML text before any reader builds a tree of it. YamlDotNet's tree and object
/// readers recurse once per nesting level (10,000 levels overflow the stack and kill the process, report and all)
/// and expand aliases without bound (a 300-byte alias bomb costs minutes and gigabytes); it offers no setting for
/// either, so every YAML reader of the project loads through <see cref="Load"/> or checks <see cref="Problem"/>.
/// </summary>
public static class YamlLimits
{
    /// <summary>Far deeper than any checklist, manifest, rule file or spec; Microsoft.OpenApi's JSON reader stops at 64 itself.</summary>
    public const int MaxDepth = 64;
    /// <summary>Nodes after alias expansion; real documents of several megabytes stay well below this.</summary>
    public const long MaxNodes = 1_000_000;

    /// <summary>
    /// The text as a YAML stream, or a <see cref="YamlException"/> at the position where a limit is exceeded, so each
    /// reader reports it as it reports any invalid YAML.
    /// </summary>
    public static YamlStream Load(string text, string limitOf)
    {
        if (Exceeded(text, limitOf) is { } problem) throw new YamlException(problem.At, problem.At, problem.Message);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream;
    }

    /// <summary>The limit <paramref name="text"/> exceeds, as a sentence about the input naming the line, or null.</summary>
    public static string? Problem(string text, string limitOf) => Exceeded(text, limitOf) switch
    {
        null => null,
        { Depth: true } p => $"{p.Message} at line {p.At.Line}",
        var p => $"{p.Message} (at line {p.At.Line})",
    };

    private sealed record Excess(Mark At, string Message, bool Depth = false);

    private static Excess? Exceeded(string text, string limitOf)
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
                        if (open.Count + 1 > MaxDepth) return new(start.Start, $"nesting deeper than {MaxDepth} levels", Depth: true);
                        open.Add((start.Anchor.IsEmpty ? null : start.Anchor.Value, 1));
                        break;
                    case MappingEnd or SequenceEnd when open.Count > 0:
                        var (anchor, size) = open[^1];
                        open.RemoveAt(open.Count - 1);
                        if (Complete(anchor, size) is { } tooBig) return new(parser.Current!.Start, tooBig);
                        break;
                    case Scalar scalar:
                        if (Complete(scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value, 1) is { } tooMany) return new(scalar.Start, tooMany);
                        break;
                    case AnchorAlias alias:
                        // An alias to an unknown or still-open anchor is the parser's error to report, with its position.
                        if (!anchors.TryGetValue(alias.Value.Value, out var expanded)) return null;
                        if (Complete(null, expanded) is { } bomb) return new(alias.Start, bomb);
                        break;
                }
            }
        }
        catch (Exception ex) when (YamlNodes.IsMalformedYaml(ex))
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
                ? $"aliases expand the document beyond {MaxNodes:N0} nodes, the limit for {limitOf}"
                : $"the document has more than {MaxNodes:N0} nodes, the limit for {limitOf}";
        }
    }
}
