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

    /// <summary>Where the YAML scanner stops making sense of <paramref name="text"/>: the end of the last token it read.</summary>
    public static (int Line, int Column) LastReadablePosition(string text)
    {
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var position = (Line: 1, Column: 1);
        try
        {
            while (scanner.MoveNext())
                position = ((int)Math.Clamp(scanner.Current!.End.Line, 1, int.MaxValue), (int)Math.Clamp(scanner.Current.End.Column, 1, int.MaxValue));
        }
        catch (Exception)
        {
            // The position of the last good token is the answer.
        }
        return position;
    }
}
