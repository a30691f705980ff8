using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Readiness.Core.Checklists;

/// <summary>Converts YAML nodes to plain .NET values (string, bool, long, double, list, map) keeping scalars' intent.</summary>
public static class YamlNodes
{
    public static object? ToValue(YamlNode node) => node switch
    {
        YamlScalarNode s => Scalar(s),
        YamlSequenceNode seq => seq.Children.Select(ToValue).ToList(),
        YamlMappingNode map => map.Children.ToDictionary(
            kv => kv.Key is YamlScalarNode k ? k.Value ?? "" : kv.Key.ToString(),
            kv => ToValue(kv.Value), StringComparer.Ordinal),
        _ => null,
    };

    public static object? Scalar(YamlScalarNode node)
    {
        var text = node.Value;
        if (text is null) return null;
        if (node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return text;
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return true;
        if (text is "false" or "False" or "FALSE") return false;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && text.Any(char.IsDigit)) return d;
        return text;
    }

    public static (int Line, int Column) Position(YamlNode node) => ((int)node.Start.Line, (int)node.Start.Column);

    /// <summary>
    /// YamlDotNet fails outside its own YamlException on some malformed input (plain scalars, tags, flow mappings):
    /// every reader of YAML treats these as "the text is not YAML", never as its own failure.
    /// </summary>
    public static bool IsMalformedYaml(Exception ex) =>
        ex is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException or IndexOutOfRangeException
            or NullReferenceException or FormatException or OverflowException;

    /// <summary>
    /// Where YamlDotNet stops making sense of <paramref name="text"/>, for failures outside its own exception type:
    /// the furthest character it read. Re-scanning token by token after such a failure can spin forever inside
    /// the scanner (issue #19), so the text is parsed once more, event by event, and only the reading is watched.
    /// </summary>
    public static (int Line, int Column) LastReadablePosition(string text)
    {
        var reader = new ReadCountingReader(text);
        // The event parser, not a tree: it does not recurse, so input nested 10,000 deep cannot overflow the stack here.
        var parser = new Parser(reader);
        try { while (parser.MoveNext()) { } }
        catch (Exception)
        {
            // The failure is known already; only the position is wanted.
        }
        return PositionAt(text, reader.Consumed);
    }

    private static (int Line, int Column) PositionAt(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        int line = 1, lineStart = 0;
        for (var i = 0; i < offset; i++)
            if (text[i] == '\n') { line++; lineStart = i + 1; }
        return (line, Math.Max(1, offset - lineStart));
    }

    private sealed class ReadCountingReader(string text) : TextReader
    {
        public int Consumed { get; private set; }
        public override int Peek() => Consumed < text.Length ? text[Consumed] : -1;
        public override int Read() => Consumed < text.Length ? text[Consumed++] : -1;
    }
}
